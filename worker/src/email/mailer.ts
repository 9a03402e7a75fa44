import type { Bindings } from '../env.js';
import { DataCipher, type SealContext } from '../security/data-cipher.js';

/** One plain-text email. */
export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Sends email; which provider is configuration (`EMAIL_PROVIDER`). */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** Where a sealed value of the dev outbox belongs: rows are bound to their recipient (the row's seq exists only once written). */
export const outboxSeal = (toHash: string, column: 'to_enc' | 'body_enc'): SealContext => ({ table: 'dev_outbox', column, site: '', row: toHash });

/** Development only: stores emails (encrypted) in D1, readable at `GET /v1/dev/outbox`. */
export class DevOutboxMailer implements Mailer {
  constructor(
    readonly db: D1Database,
    readonly cipher: DataCipher,
  ) {}

  async send(email: Email): Promise<void> {
    const to = email.to.toLowerCase();
    const toHash = await this.cipher.lookupHash(to);
    await this.db
      .prepare('INSERT INTO dev_outbox (to_hash, to_enc, subject, body_enc, sent_at) VALUES (?, ?, ?, ?, ?)')
      .bind(toHash, await this.cipher.encrypt(to, outboxSeal(toHash, 'to_enc')), email.subject, await this.cipher.encrypt(email.text, outboxSeal(toHash, 'body_enc')), new Date().toISOString())
      .run();
  }
}

/** Resend's HTTP API (https://resend.com/docs/api-reference/emails/send-email). */
export class ResendMailer implements Mailer {
  constructor(
    readonly apiKey: string,
    readonly from: string,
    readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  async send(email: Email): Promise<void> {
    const res = await this.fetchImpl('https://api.resend.com/emails', {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: this.from, to: [email.to], subject: email.subject, text: email.text }),
    });
    if (!res.ok) throw new Error(`Resend answered HTTP ${res.status}`);
  }
}

/**
 * The configured mailer. The dev outbox exists only where `ENVIRONMENT` is `development`: in
 * production asking for it is an error, so codes can never end up readable over HTTP.
 */
export function createMailer(env: Bindings): Mailer {
  const provider = env.EMAIL_PROVIDER ?? (env.ENVIRONMENT === 'development' ? 'dev-outbox' : 'resend');
  if (provider === 'dev-outbox') {
    if (env.ENVIRONMENT !== 'development') throw new Error('the dev outbox is refused outside ENVIRONMENT=development');
    return new DevOutboxMailer(env.DB, new DataCipher(env));
  }
  if (provider === 'resend') {
    if (!env.RESEND_API_KEY || !env.EMAIL_FROM) throw new Error('EMAIL_PROVIDER=resend needs RESEND_API_KEY and EMAIL_FROM');
    return new ResendMailer(env.RESEND_API_KEY, env.EMAIL_FROM);
  }
  throw new Error(`unknown EMAIL_PROVIDER "${provider}"`);
}
