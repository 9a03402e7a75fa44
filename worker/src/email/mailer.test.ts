import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../index.js';
import { createMailer, ResendMailer } from './mailer.js';

describe('mailers', () => {
  it('sends through Resend with the API key and sender', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const mailer = new ResendMailer('re_test_key', 'Privacy <privacy@novoaigen.example>', async (url, init) => {
      calls.push({ url: String(url), init: init ?? {} });
      return Response.json({ id: 'email-1' });
    });
    await mailer.send({ to: 'ada@example.org', subject: 'Hello', text: 'Body' });
    expect(calls[0]?.url).toBe('https://api.resend.com/emails');
    expect(new Headers(calls[0]?.init.headers).get('Authorization')).toBe('Bearer re_test_key');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ from: 'Privacy <privacy@novoaigen.example>', to: ['ada@example.org'], subject: 'Hello', text: 'Body' });
    const failing = new ResendMailer('k', 'f', async () => new Response(null, { status: 500 }));
    await expect(failing.send({ to: 'a@b.example', subject: 's', text: 't' })).rejects.toThrow(/HTTP 500/);
  });

  it('refuses the development outbox outside development', () => {
    expect(() => createMailer({ ...env, ENVIRONMENT: 'production', EMAIL_PROVIDER: 'dev-outbox' })).toThrow(/refused/);
    expect(() => createMailer({ ...env, ENVIRONMENT: 'production', EMAIL_PROVIDER: undefined })).toThrow(/RESEND_API_KEY/);
    expect(createMailer({ ...env, ENVIRONMENT: 'production', RESEND_API_KEY: 'k', EMAIL_FROM: 'f' })).toBeInstanceOf(ResendMailer);
  });

  it('has no readable outbox in production', async () => {
    const res = await app.fetch(new Request('https://api.test/v1/dev/outbox'), { ...env, ENVIRONMENT: 'production' });
    expect(res.status).toBe(404);
  });
});
