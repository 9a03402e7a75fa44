import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { consentEvent, createSite, ledgerCount, postJson } from '../../test/fixtures.js';
import { CLIENT_WRITES_PER_MINUTE, InMemoryRateLimiter } from './rate-limit.js';

describe('public write rate limits', () => {
  it('answers 429 with Retry-After once a client exceeds its limit, and other clients go on', async () => {
    expect(env.CLIENT_RATE_LIMITER).toBeDefined();
    await createSite('rate-limited');
    const from = (ip: string) => ({ headers: { 'CF-Connecting-IP': ip } });
    const answers = [];
    for (let i = 0; i < CLIENT_WRITES_PER_MINUTE + 5; i++) answers.push((await postJson('/v1/sites/rate-limited/consents', consentEvent(), from('198.51.100.7'))).status);
    expect(answers.filter((status) => status === 201)).toHaveLength(CLIENT_WRITES_PER_MINUTE);
    const limited = await postJson('/v1/sites/rate-limited/consents', consentEvent(), from('198.51.100.7'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await ledgerCount('rate-limited')).toBe(CLIENT_WRITES_PER_MINUTE);

    expect((await postJson('/v1/sites/rate-limited/consents', consentEvent(), from('198.51.100.8'))).status).toBe(201);
  });

  it('falls back to an in-memory window where the binding is missing', async () => {
    let now = 0;
    const limiter = new InMemoryRateLimiter(2, 1000, () => now);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.limit({ key: 'k' })).success);
    now = 1000;
    results.push((await limiter.limit({ key: 'k' })).success);
    expect(results).toEqual([true, true, false, true]);
  });
});
