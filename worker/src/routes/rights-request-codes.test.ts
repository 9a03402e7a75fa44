import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, latestCode, outbox, postJson, request, type RequestOptions } from '../../test/fixtures.js';
import type { RateLimiter } from '../env.js';
import { MAX_DOWNLOAD_CODES_PER_DAY, MAX_FAILED_CODES_PER_EMAIL_PER_DAY } from '../services/verification-code.js';

/** 200 requests at once through workerd and D1 take seconds on a busy machine. */
const BURST_TIMEOUT_MS = 30_000;

/** Lets every call through, so a burst reaches the code check itself. */
const UNLIMITED: RateLimiter = { limit: async () => ({ success: true }) };
const unlimited: RequestOptions = { bindings: { CODE_RATE_LIMITER: UNLIMITED } };
/** The download page's calls come from the worker's own origin. */
const page: RequestOptions = { ...unlimited, origin: 'https://api.test' };

/** Submits a request; these tests submit more than the 5 a minute a client may. */
async function submit(siteId: string, email: string): Promise<string> {
  const body = { type: 'access', fullName: 'Katherine Johnson', email, confirm: true };
  const res = await postJson(`/v1/sites/${siteId}/rights-requests`, body, { bindings: { RIGHTS_RATE_LIMITER: UNLIMITED } });
  return ((await res.json()) as { requestId: string }).requestId;
}

const other = (code: string) => (code === '000000' ? '111111' : '000000');

async function row(requestId: string) {
  return env.DB.prepare('SELECT status, verified_at, code_hash, code_attempts FROM rights_requests WHERE id = ?')
    .bind(requestId)
    .first<{ status: string; verified_at: string | null; code_hash: string | null; code_attempts: number }>();
}

async function historyActions(requestId: string): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT action FROM rights_request_history WHERE request_id = ? ORDER BY seq').bind(requestId).all<{ action: string }>();
  return results.map((r) => r.action);
}

const count = (items: readonly (string | number)[], value: string | number) => items.filter((item) => item === value).length;

/**
 * The database, with `step` run once just ahead of the worker's first batch, or just after its
 * first single statement whose SQL holds `sqlPart`: someone else's step landing between the
 * worker's read and its write.
 */
function withStepBetween(step: () => Promise<unknown>, sqlPart?: string): D1Database {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await step();
  };
  return new Proxy(env.DB, {
    get(db, key) {
      if (key === 'batch' && !sqlPart) {
        return async (statements: D1PreparedStatement[]) => {
          await once();
          return db.batch(statements);
        };
      }
      if (key === 'prepare' && sqlPart) {
        return (sql: string) => {
          const statement = db.prepare(sql);
          if (!sql.includes(sqlPart)) return statement;
          return {
            bind: (...values: unknown[]) => {
              const bound = statement.bind(...values);
              return {
                first: async () => {
                  const row = await bound.first();
                  await once();
                  return row;
                },
              };
            },
          };
        };
      }
      const value: unknown = Reflect.get(db, key, db);
      return typeof value === 'function' ? value.bind(db) : value;
    },
  });
}

/** A verified access request with an uploaded answer, and its download link's token. */
async function answered(site: Awaited<ReturnType<typeof createAdminSite>>, email: string) {
  const requestId = await submit(site.siteId, email);
  await postJson(`/v1/sites/${site.siteId}/rights-requests/${requestId}/verify`, { code: await latestCode(email) });
  await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/response`, site.keys.operator, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ crm: { orders: 1 } }),
  });
  const text = (await outbox(email)).find((m) => m.subject === 'Your data is ready')?.text ?? '';
  const token = /download\?token=(\S+)/.exec(text)?.[1] ?? '';
  return { requestId, token, base: `/v1/sites/${site.siteId}/rights-requests/${requestId}` };
}

async function downloadCode(email: string): Promise<string> {
  const code = /\b(\d{6})\b/.exec((await outbox(email)).find((m) => m.subject === 'Your download code')?.text ?? '')?.[1];
  if (!code) throw new Error(`no download code for ${email}`);
  return code;
}

/** A new site with one request waiting for its verification code. */
async function pending(name: string, email: string) {
  const site = await createAdminSite(name);
  const requestId = await submit(site.siteId, email);
  return { requestId, code: await latestCode(email), path: `/v1/sites/${site.siteId}/rights-requests/${requestId}/verify` };
}

/** 200 wrong codes sent at once: four are told the tries left, the fifth locks, every other one is refused unread. */
async function expectFiveCompared(requestId: string, send: () => Promise<Response>) {
  const statuses = (await Promise.all(Array.from({ length: 200 }, send))).map((res) => res.status);
  expect(count(statuses, 422)).toBeLessThanOrEqual(4);
  expect(count(statuses, 422) + count(statuses, 403)).toBe(200);
  const actions = await historyActions(requestId);
  expect(count(actions, 'wrong_code')).toBe(4);
  expect(count(actions, 'code_locked')).toBe(1);
}

describe('verification codes under parallel guessing', () => {
  it('compares at most five of 200 wrong codes sent at once, then refuses the right one', async () => {
    const { requestId, code, path } = await pending('Codes raced', 'raced@example.org');
    await expectFiveCompared(requestId, () => postJson(path, { code: other(code) }, unlimited));
    expect(await row(requestId)).toMatchObject({ status: 'pending_verification', code_hash: null, code_attempts: 5 });

    const right = await postJson(path, { code }, unlimited);
    expect(right.status).toBe(403);
    expect(await right.json()).toMatchObject({ error: { code: 'verification_locked' } });
    expect((await row(requestId))?.status).toBe('pending_verification');
  }, BURST_TIMEOUT_MS);

  it('compares at most five of 200 wrong download codes sent at once, then refuses the right one', async () => {
    const site = await createAdminSite('Download codes raced');
    const email = 'raced-download@example.org';
    const { requestId, token, base } = await answered(site, email);
    expect((await postJson(`${base}/download-code`, { token }, page)).status).toBe(202);
    const code = await downloadCode(email);

    await expectFiveCompared(requestId, () => postJson(`${base}/download`, { token, code: other(code) }, page));

    expect((await postJson(`${base}/download`, { token, code }, page)).status).toBe(403);
    expect(await historyActions(requestId)).not.toContain('response.downloaded');
  }, BURST_TIMEOUT_MS);

  it('keeps a request verified when a wrong code read before the verification is counted after it', async () => {
    const { requestId, code, path } = await pending('Codes late wrong', 'late-wrong@example.org');

    const verifyFirst = withStepBetween(async () => expect((await postJson(path, { code }, unlimited)).status).toBe(200));
    const late = await postJson(path, { code: other(code) }, { bindings: { CODE_RATE_LIMITER: UNLIMITED, DB: verifyFirst } });
    expect(late.status).toBe(422);
    expect(await row(requestId)).toMatchObject({ status: 'verified', code_hash: null });
    expect((await row(requestId))?.verified_at).toBeTruthy();
  });

  it("keeps an operator's status change made while a download was under way", async () => {
    const site = await createAdminSite('Download vs operator');
    const email = 'download-operator@example.org';
    const { requestId, token, base } = await answered(site, email);
    const move = (status: string) => admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/status`, site.keys.operator, { method: 'POST', json: { status } });
    expect((await move('in_progress')).status).toBe(200);
    expect((await postJson(`${base}/download-code`, { token }, page)).status).toBe(202);
    const code = await downloadCode(email);

    const completeFirst = withStepBetween(async () => expect((await move('completed')).status).toBe(200));
    const download = await postJson(`${base}/download`, { token, code }, { ...page, bindings: { CODE_RATE_LIMITER: UNLIMITED, DB: completeFirst } });
    expect(download.status).toBe(200);
    expect((await row(requestId))?.status).toBe('completed');
  });

  it("refuses an operator's cancel made from a copy read before a parallel verification, and keeps the verification", async () => {
    const email = 'cancel-stale@example.org';
    const { requestId, code, path } = await pending('Cancel vs verify', email);
    const siteId = path.split('/')[3]!;
    const verifyFirst = withStepBetween(async () => expect((await postJson(path, { code }, unlimited)).status).toBe(200), 'SELECT * FROM rights_requests WHERE site_id = ? AND id = ?');
    const cancel = await admin(`/v1/admin/sites/${siteId}/rights-requests/${requestId}/status`, env.ADMIN_ROOT_KEY, { method: 'POST', json: { status: 'canceled' } }, { DB: verifyFirst });
    expect(cancel.status).toBe(409);
    expect(await cancel.json()).toMatchObject({ error: { code: 'request_changed' } });
    expect((await row(requestId))?.status).toBe('verified');
    expect(count(await historyActions(requestId), 'canceled')).toBe(0);
  });

  it('answers a right code that comes just after a parallel call verified the request with its status', async () => {
    const email = 'just-after@example.org';
    const { requestId, code, path } = await pending('Codes just after', email);
    const verifyFirst = withStepBetween(async () => expect((await postJson(path, { code }, unlimited)).status).toBe(200), 'SELECT * FROM rights_requests WHERE site_id = ? AND id = ?');
    const second = await postJson(path, { code }, { bindings: { CODE_RATE_LIMITER: UNLIMITED, DB: verifyFirst } });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ requestId, status: 'verified' });
    expect(count(await historyActions(requestId), 'verified')).toBe(1);
  });

  it('sends both parallel calls with the right code the same answer, and verifies once', async () => {
    const email = 'double@example.org';
    const { requestId, code, path } = await pending('Codes double submit', email);
    const answers = await Promise.all([postJson(path, { code }, unlimited), postJson(path, { code }, unlimited)]);
    for (const res of answers) expect(await res.json()).toMatchObject({ requestId, status: 'verified' });
    expect(count(await historyActions(requestId), 'verified')).toBe(1);
    expect(count((await outbox(email)).map((m) => m.subject), 'We received your privacy request')).toBe(1);
  });
});

describe('limits on the code routes', () => {
  it('answers 429 with Retry-After past 10 calls a minute for one request, and per client across requests', async () => {
    expect(env.CODE_RATE_LIMITER).toBeDefined();
    const site = await createAdminSite('Codes per minute');
    const first = await submit(site.siteId, 'minute-1@example.org');
    const from = (ip: string): RequestOptions => ({ headers: { 'CF-Connecting-IP': ip } });
    const verify = (requestId: string, ip: string) => postJson(`/v1/sites/${site.siteId}/rights-requests/${requestId}/verify`, { code: '000000' }, from(ip));

    // Ten calls from ten networks: the request's own limit is then spent.
    const answers = [];
    for (let i = 1; i <= 11; i++) answers.push(await verify(first, `203.0.113.${i}`));
    expect(answers.slice(0, 10).every((res) => res.status !== 429)).toBe(true);
    const limited = answers[10]!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });

    // One client (addresses of one IPv6 /64) spreading its calls over requests: limited past ten all the same.
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const requestId = await submit(site.siteId, `minute-spread-${i}@example.org`);
      statuses.push((await request(`/v1/sites/${site.siteId}/rights-requests/${requestId}/download?token=x`, { ...from(`2001:DB8:aa:bb::${i + 1}`), origin: null })).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('sends at most five download codes a day for one answer', async () => {
    const site = await createAdminSite('Download codes a day');
    const email = 'daily-download@example.org';
    const { requestId, token, base } = await answered(site, email);
    for (let i = 0; i < MAX_DOWNLOAD_CODES_PER_DAY; i++) expect((await postJson(`${base}/download-code`, { token }, page)).status).toBe(202);
    const capped = await postJson(`${base}/download-code`, { token }, page);
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(23 * 3600);
    expect(await capped.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(count(await historyActions(requestId), 'download_code_sent')).toBe(MAX_DOWNLOAD_CODES_PER_DAY);

    // The count is of the last 24 hours: codes sent a day ago no longer count.
    await env.DB.prepare("UPDATE rights_request_history SET at = '2020-01-01T00:00:00.000Z' WHERE request_id = ? AND action = 'download_code_sent'").bind(requestId).run();
    expect((await postJson(`${base}/download-code`, { token }, page)).status).toBe(202);
  });

  it('refuses every code of an email address after 20 wrong ones in a day, on any of its requests', async () => {
    const site = await createAdminSite('Codes per email');
    const email = 'daily-wrong@example.org';
    const verify = (requestId: string, code: string) => postJson(`/v1/sites/${site.siteId}/rights-requests/${requestId}/verify`, { code }, unlimited);
    for (let i = 0; i < MAX_FAILED_CODES_PER_EMAIL_PER_DAY / 5; i++) {
      const requestId = await submit(site.siteId, email);
      const code = await latestCode(email);
      for (let attempt = 0; attempt < 5; attempt++) await verify(requestId, other(code));
    }
    const requestId = await submit(site.siteId, email);
    const refused = await verify(requestId, await latestCode(email));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(23 * 3600);
    expect((await row(requestId))?.status).toBe('pending_verification');

    // Another address on the same site is not affected.
    const others = await submit(site.siteId, 'daily-other@example.org');
    expect((await verify(others, await latestCode('daily-other@example.org'))).status).toBe(200);
  });
});
