import type { RightsRequestType } from '@novo-consent/schema';

/** Every word the rights-request form shows; pass a partial object as `texts` to translate it. */
export const RIGHTS_REQUEST_TEXTS = {
  title: 'Exercise your privacy rights',
  intro: 'Tell us what you would like us to do. We will confirm your email address, then answer within the time the law gives us.',
  type: 'What would you like to do?',
  types: {
    access: 'Get a copy of my personal data',
    portability: 'Get my data in a machine-readable format',
    correction: 'Correct my data',
    deletion: 'Delete my data and close my account',
    restriction: 'Limit how my data is processed',
    objection: 'Object to a specific use of my data',
    opt_out_communications: 'Stop non-essential communications',
    inquiry: 'Ask a privacy question',
  } satisfies Record<RightsRequestType, string>,
  fullName: 'Full name',
  email: 'Email address',
  details: 'Details',
  detailsHintRequired: 'Required: say what to correct, or which use you object to.',
  detailsHint: 'Optional: anything that helps us find your data.',
  accountId: 'Account or customer number (optional)',
  region: 'Where do you live?',
  regions: { other: 'Elsewhere', eu: 'European Union', uk: 'United Kingdom', 'us-ca': 'California' },
  confirm: 'I confirm this request is about my own data, or that I may act for the person it is about.',
  submit: 'Send request',
  sending: 'Sending…',
  fixErrors: 'Please correct the highlighted fields.',
  codeTitle: 'Check your email',
  codeSent: 'We sent a 6-digit code to {email}. Enter it to confirm the request. It works for 15 minutes.',
  code: 'Code',
  verify: 'Confirm request',
  startOver: 'Start over',
  doneTitle: 'Request received',
  done: 'Your reference is {id}. We will answer by {date}. We also sent you a confirmation by email.',
};

export type RightsRequestTexts = typeof RIGHTS_REQUEST_TEXTS;

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
