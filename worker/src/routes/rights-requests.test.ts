import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, latestCode, ORIGIN, outbox, postJson, request } from '../../test/fixtures.js';

interface Submitted {
  requestId: string;
  status: string;
  statusToken: string;
}

const valid = (overrides: Record<string, unknown> = {}) => ({
  type: 'access',
  fullName: 'Ada Lovelace',
  email: 'Ada.Lovelace@example.org',
  details: 'Please send me everything you hold about me.',
  confirm: true,
  ...overrides,
});

async function submit(siteId: string, body: Record<string, unknown>) {
  const res = await postJson(`/v1/sites/${siteId}/rights-requests`, body);
  return { res, body: (await res.json()) as Submitted };
}

describe('rights requests', () => {
  it('runs the whole lifecycle: submit, email code, verify, status, operator handling, emails', async () => {
    const site = await createAdminSite('Rights lifecycle');
    const { res, body } = await submit(site.siteId, valid({ email: 'lifecycle@example.org' }));
    expect(res.status).toBe(202);
    expect(body).toMatchObject({ status: 'pending_verification' });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);

    const code = await latestCode('lifecycle@example.org');
    const verified = await postJson(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}/verify`, { code });
    expect(verified.status).toBe(200);
    const { dueAt } = (await verified.json()) as { dueAt: string };
    const row = await env.DB.prepare('SELECT received_at, due_rule FROM rights_requests WHERE id = ?').bind(body.requestId).first<{ received_at: string; due_rule: string }>();
    expect(Date.parse(dueAt) - Date.parse(row!.received_at)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(row?.due_rule).toBe('site:30-days');
    expect((await outbox('lifecycle@example.org')).map((m) => m.subject)).toContain('We received your privacy request');

    const status = await request(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}?token=${body.statusToken}`);
    expect(await status.json()).toMatchObject({ requestId: body.requestId, type: 'access', status: 'verified', dueAt });
    expect((await request(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}?token=wrong`)).status).toBe(404);

    const list = await admin(`/v1/admin/sites/${site.siteId}/rights-requests?status=verified`, site.keys.operator);
    const items = ((await list.json()) as { items: { requestId: string }[] }).items;
    expect(items.map((i) => i.requestId)).toEqual([body.requestId]);
    expect(JSON.stringify(items)).not.toContain('Ada');

    const read = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}`, site.keys.operator);
    expect(await read.json()).toMatchObject({ fullName: 'Ada Lovelace', email: 'lifecycle@example.org', details: 'Please send me everything you hold about me.' });
    expect((await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}`, site.keys.viewer)).status).toBe(403);

    const move = (json: unknown) => admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}/status`, site.keys.operator, { method: 'POST', json });
    expect((await move({ status: 'completed' })).status).toBe(409);
    expect((await move({ status: 'in_progress', note: 'Collecting data from the CRM.' })).status).toBe(200);
    const done = await move({ status: 'completed', note: 'Sent the export.' });
    expect(await done.json()).toMatchObject({ status: 'completed' });
    expect((await outbox('lifecycle@example.org')).map((m) => m.subject)).toContain('Your privacy request is complete');

    const history = ((await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}`, site.keys.operator)).json()) as {
      history: { action: string; toStatus: string | null; note: string | null }[];
    }).history;
    expect(history.map((h) => h.action)).toEqual(['submitted', 'verified', 'in_progress', 'completed']);
    expect(history[2]?.note).toBe('Collecting data from the CRM.');
    const audit = ((await (await admin(`/v1/admin/sites/${site.siteId}/audit`, site.keys.admin)).json()) as { items: { action: string }[] }).items.map((i) => i.action);
    expect(audit).toEqual(expect.arrayContaining(['request.read', 'request.in_progress', 'request.completed']));
  });

  it('locks the request after five wrong codes', async () => {
    const site = await createAdminSite('Rights lock');
    const { body } = await submit(site.siteId, valid({ email: 'lock@example.org' }));
    const code = await latestCode('lock@example.org');
    const wrong = code === '000000' ? '111111' : '000000';
    const verify = (value: string) => postJson(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}/verify`, { code: value });
    for (let i = 4; i >= 1; i--) {
      const res = await verify(wrong);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`${i} tries left`);
    }
    const fifth = await verify(wrong);
    expect(fifth.status).toBe(403);
    expect(await fifth.json()).toMatchObject({ error: { code: 'verification_locked' } });
    expect((await verify(code)).status).toBe(403);
  });

  it('refuses an expired code', async () => {
    const site = await createAdminSite('Rights expiry');
    const { body } = await submit(site.siteId, valid({ email: 'expired@example.org' }));
    const code = await latestCode('expired@example.org');
    await env.DB.prepare("UPDATE rights_requests SET code_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(body.requestId).run();
    const res = await postJson(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}/verify`, { code });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: 'code_expired' } });
  });

  it.each([
    ['type', { type: 'everything' }],
    ['fullName', { fullName: '   ' }],
    ['email', { email: 'not-an-email' }],
    ['details', { type: 'correction', details: undefined }],
    ['details', { details: 'x'.repeat(5001) }],
    ['accountId', { accountId: 'x'.repeat(201) }],
    ['region', { region: 'mars' }],
    ['confirm', { confirm: false }],
    ['locale', { locale: 'not a locale' }],
  ])('refuses a bad %s with 400 and the field named', async (field, overrides) => {
    const site = await createAdminSite(`Rights invalid ${field}`);
    const { res, body: answer } = await submit(site.siteId, valid(overrides));
    expect(res.status).toBe(400);
    const body = answer as unknown as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((issue) => issue.path)).toEqual([field]);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM rights_requests WHERE site_id = ?').bind(site.siteId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it('answers a bot that filled the honeypot like a person, and keeps nothing', async () => {
    const site = await createAdminSite('Rights honeypot');
    const { res, body } = await submit(site.siteId, valid({ email: 'bot@example.org', website: 'https://spam.example' }));
    expect(res.status).toBe(202);
    expect(body.requestId).toBeTruthy();
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM rights_requests WHERE site_id = ?').bind(site.siteId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    expect(await outbox('bot@example.org')).toEqual([]);
  });

  it('stores no plain name, email or details anywhere', async () => {
    const site = await createAdminSite('Rights at rest');
    const { body } = await submit(site.siteId, valid({ type: 'correction', fullName: 'Grace Hopper', email: 'grace.hopper@example.org', details: 'My surname is misspelled as Hoper.', accountId: 'ACCT-778899' }));
    await postJson(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}/verify`, { code: await latestCode('grace.hopper@example.org') });
    const dump = JSON.stringify(
      await Promise.all(['rights_requests', 'rights_request_history', 'dev_outbox', 'audit_log'].map((table) => env.DB.prepare(`SELECT * FROM ${table}`).all())),
    ).toLowerCase();
    for (const secret of ['grace', 'hopper', 'misspelled', 'acct-778899']) expect(dump).not.toContain(secret);
  });

  it('extends a deadline once, with a reason, only before the original due date', async () => {
    const site = await createAdminSite('Rights extension');
    const { body } = await submit(site.siteId, valid({ email: 'extend@example.org', region: 'eu' }));
    await postJson(`/v1/sites/${site.siteId}/rights-requests/${body.requestId}/verify`, { code: await latestCode('extend@example.org') });
    const move = (json: unknown) => admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}/status`, site.keys.operator, { method: 'POST', json });

    expect((await move({ status: 'extended', extendByDays: 30 })).status).toBe(400);
    expect((await move({ status: 'extended', reason: 'Complex request', extendByDays: 90 })).status).toBe(400);
    const before = (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${body.requestId}`, site.keys.operator)).json()) as { dueAt: string };
    const extended = await move({ status: 'extended', reason: 'We must collect data from three systems.', extendByDays: 30 });
    expect(extended.status).toBe(200);
    const after = (await extended.json()) as { dueAt: string; extendedAt: string; status: string };
    expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(after.status).toBe('verified');
    expect((await outbox('extend@example.org'))[0]?.text).toContain('We must collect data from three systems.');
    expect((await move({ status: 'extended', reason: 'Again', extendByDays: 5 })).status).toBe(409);

    const late = await submit(site.siteId, valid({ email: 'late@example.org' }));
    await postJson(`/v1/sites/${site.siteId}/rights-requests/${late.body.requestId}/verify`, { code: await latestCode('late@example.org') });
    await env.DB.prepare("UPDATE rights_requests SET original_due_at = '2020-01-01T00:00:00.000Z', due_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(late.body.requestId).run();
    const refused = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${late.body.requestId}/status`, site.keys.operator, {
      method: 'POST',
      json: { status: 'extended', reason: 'Too late', extendByDays: 10 },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'extension_refused' } });
  });

  it('answers a status or download link with 404 for a wrong token, but never hides a database failure as one', async () => {
    const site = await createAdminSite('Rights link errors');
    const { body } = await submit(site.siteId, valid({ email: 'links@example.org' }));
    const path = `/v1/sites/${site.siteId}/rights-requests/${body.requestId}`;
    for (const url of [`${path}?token=wrong`, `${path}/download?token=wrong`]) {
      const res = await request(url);
      expect(res.status, url).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'request_not_found' } });
    }
    // Only reads of the rights requests fail: the site itself still loads.
    const failing = new Proxy(env.DB, {
      get(db, key) {
        if (key !== 'prepare') return Reflect.get(db, key, db);
        return (sql: string) => {
          if (sql.includes('FROM rights_requests')) throw new Error('D1_ERROR: database unavailable');
          return db.prepare(sql);
        };
      },
    });
    for (const url of [`${path}?token=${body.statusToken}`, `${path}/download?token=x`]) {
      const res = await request(url, { bindings: { DB: failing } });
      expect(res.status, url).toBe(500);
      expect(await res.json()).toMatchObject({ error: { code: 'internal_error' } });
    }
  });
});
