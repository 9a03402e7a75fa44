import type { RightsRequestType } from '@novoaigen/consent-schema';
import type { Email } from './mailer.js';

const TYPE_LABELS: Record<RightsRequestType, string> = {
  access: 'a copy of your personal data',
  portability: 'your data in a machine-readable format',
  correction: 'a correction of your data',
  deletion: 'the deletion of your data and account',
  restriction: 'a restriction of how your data is processed',
  objection: 'an objection to processing of your data',
  opt_out_communications: 'to stop non-essential communications',
  inquiry: 'a privacy question',
};

const day = (iso: string) => new Date(iso).toUTCString().slice(0, 16);

/** The site's privacy contact hears of each verified request: type, reference and due date, no personal data. */
export const privacyContactEmails = {
  newRequest: (to: string, siteName: string, type: RightsRequestType, requestId: string, dueAt: string): Email => ({
    to,
    subject: `New privacy request for ${siteName}`,
    text: `A verified request for ${TYPE_LABELS[type]} arrived (reference ${requestId}). It is due by ${day(dueAt)}.\n\nRead it with an operator key: GET /v1/admin/sites/<siteId>/rights-requests/${requestId}`,
  }),
  digest: (to: string, siteName: string, lines: string[]): Email => ({
    to,
    subject: `Privacy requests due soon for ${siteName}`,
    text: `These requests are overdue or due within 7 days:\n\n${lines.join('\n')}`,
  }),
};

/** The emails a requester receives; plain text, no tracking. */
export const requesterEmails = {
  verification: (to: string, siteName: string, code: string): Email => ({
    to,
    subject: 'Your verification code',
    text: `Your code to confirm your privacy request to ${siteName} is ${code}.\n\nIt works for 15 minutes. If you did not make this request, ignore this email: nothing happens without the code.`,
  }),
  received: (to: string, siteName: string, type: RightsRequestType, requestId: string, dueAt: string): Email => ({
    to,
    subject: 'We received your privacy request',
    text: `${siteName} received your request for ${TYPE_LABELS[type]} (reference ${requestId}).\n\nWe will answer by ${day(dueAt)}.`,
  }),
  completed: (to: string, siteName: string, requestId: string): Email => ({
    to,
    subject: 'Your privacy request is complete',
    text: `${siteName} has completed your privacy request (reference ${requestId}).`,
  }),
  rejected: (to: string, siteName: string, requestId: string, reason: string): Email => ({
    to,
    subject: 'Your privacy request was declined',
    text: `${siteName} could not carry out your privacy request (reference ${requestId}).\n\nReason: ${reason}\n\nYou may lodge a complaint with your data protection authority.`,
  }),
  responseReady: (to: string, siteName: string, requestId: string, link: string): Email => ({
    to,
    subject: 'Your data is ready',
    text: `${siteName} has prepared the answer to your privacy request (reference ${requestId}).\n\nOpen this link within 7 days; to protect your data we will email you a code to confirm it is you:\n${link}`,
  }),
  downloadCode: (to: string, code: string): Email => ({
    to,
    subject: 'Your download code',
    text: `Your code to download your data is ${code}. It works for 15 minutes.`,
  }),
  extended: (to: string, siteName: string, requestId: string, reason: string, dueAt: string): Email => ({
    to,
    subject: 'We need more time for your privacy request',
    text: `${siteName} needs more time to answer your privacy request (reference ${requestId}), as the law allows.\n\nReason: ${reason}\n\nWe will answer by ${day(dueAt)}.`,
  }),
};
