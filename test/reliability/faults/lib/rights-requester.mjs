// A person exercising a right, as the rights form does it: submit, read the emailed code from the
// development outbox, verify. Like a person pressing "send" again, it retries whatever did not get
// an answer (the worker may be down), and reports how many submissions it had to make.
import { sleep } from '../../../../scripts/lib/processes.mjs';

const RIGHT_TYPES = ['access', 'deletion', 'correction', 'objection', 'portability', 'restriction', 'opt_out_communications', 'inquiry'];
const NEEDS_DETAILS = new Set(['correction', 'objection']);

/**
 * A distinct visitor address per requester, from the IPv6 documentation prefix (never routed). The
 * worker limits submissions per client address (`CF-Connecting-IP`, which Cloudflare's edge sets in
 * production and wrangler dev passes through locally) and per email: distinct people, distinct keys,
 * and the limit itself stays as it is.
 * @param {number} n
 */
export const requesterAddress = (n) => `2001:db8:7:${(n % 0x10000).toString(16)}::1`; // a /64 each: the worker counts IPv6 clients by /64

/**
 * One call that retries until the worker answers something other than a network failure or a 5xx.
 * @returns {Promise<{ res: Response, tries: number }>}
 */
async function untilAnswered(url, init, giveUpAt) {
  for (let tries = 1; ; tries += 1) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
      if (res.status < 500) return { res, tries };
    } catch {
      // Refused or cut off: the worker is down or restarting.
    }
    if (Date.now() > giveUpAt) throw new Error(`${init.method ?? 'GET'} ${url}: no answer before the deadline`);
    await sleep(250 + Math.random() * 250);
  }
}

/** The newest verification code the development outbox holds for `email`, once there is one. */
async function verificationCode(api, email, giveUpAt) {
  for (;;) {
    const { res } = await untilAnswered(`${api}/v1/dev/outbox?to=${encodeURIComponent(email)}`, { method: 'GET' }, giveUpAt);
    const { items = [] } = res.ok ? await res.json() : {};
    const code = items.map((item) => /\bis (\d{6})\./.exec(item.text)?.[1]).find(Boolean);
    if (code) return code;
    if (Date.now() > giveUpAt) throw new Error(`no verification code for ${email}`);
    await sleep(250);
  }
}

/**
 * What became of one person's request.
 * @typedef {object} RightsOutcome
 * @property {string} requestId  the request the person verified
 * @property {string} email
 * @property {string} type
 * @property {number} submissions  POSTs made until one was answered (more than 1: the worker was down)
 * @property {number} verifications  verify calls made until one was answered
 */

/**
 * Submits and verifies one rights request; resolves once the worker answered the verification with
 * `verified`. Throws when the worker refuses it in a way no retry fixes, or after `deadlineMs`.
 * @param {object} options
 * @param {string} options.api  the worker's origin
 * @param {string} options.siteId
 * @param {string} options.pageOrigin  the Origin a browser on the site would send
 * @param {number} options.n  the requester's number (picks email, address and right)
 * @param {string} options.runId  makes emails unique to the run
 * @param {number} [options.deadlineMs]
 * @returns {Promise<RightsOutcome>}
 */
export async function submitAndVerify({ api, siteId, pageOrigin, n, runId, deadlineMs = 120_000 }) {
  const giveUpAt = Date.now() + deadlineMs;
  const type = RIGHT_TYPES[n % RIGHT_TYPES.length];
  const email = `requester-${runId}-${n}@reliability.example`;
  const headers = { 'Content-Type': 'application/json', Origin: pageOrigin, 'CF-Connecting-IP': requesterAddress(n) };
  const base = `${api}/v1/sites/${siteId}/rights-requests`;
  const body = {
    type,
    fullName: `Requester ${n}`,
    email,
    region: ['eu', 'uk', 'us-ca', 'other'][n % 4],
    locale: 'en',
    confirm: true,
    ...(NEEDS_DETAILS.has(type) ? { details: `Details of request ${n}` } : {}),
  };
  const submitted = await untilAnswered(base, { method: 'POST', headers, body: JSON.stringify(body) }, giveUpAt);
  if (submitted.res.status !== 202) throw new Error(`submission ${n}: HTTP ${submitted.res.status} ${await submitted.res.text()}`);
  const { requestId } = await submitted.res.json();

  const code = await verificationCode(api, email, giveUpAt);
  const verified = await untilAnswered(`${base}/${requestId}/verify`, { method: 'POST', headers, body: JSON.stringify({ code }) }, giveUpAt);
  const answer = await verified.res.json().catch(() => null);
  if (verified.res.status !== 200 || answer?.status !== 'verified') throw new Error(`verification of ${requestId}: HTTP ${verified.res.status} ${JSON.stringify(answer)}`);
  return { requestId, email, type, submissions: submitted.tries, verifications: verified.tries };
}
