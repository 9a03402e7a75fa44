import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { consentEvent, createSite, ledgerCount, postJson } from '../../test/fixtures.js';
import { CLIENT_WRITES_PER_MINUTE, clientNetwork, InMemoryRateLimiter } from './rate-limit.js';

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

  it('keeps counting a client that keeps calling while a flood of new keys fills the in-memory limiter', async () => {
    const limiter = new InMemoryRateLimiter(2, 60_000, () => 0);
    for (let i = 0; i < 3; i++) await limiter.limit({ key: 'busy' });
    for (let i = 0; i < 3; i++) await limiter.limit({ key: 'idle' });
    for (let i = 0; i < 20_000; i++) {
      await limiter.limit({ key: `new-${i}` });
      if (i % 1000 === 0) expect((await limiter.limit({ key: 'busy' })).success, `after ${i} new keys`).toBe(false);
    }
    expect((await limiter.limit({ key: 'busy' })).success).toBe(false);
    // Memory stays bounded: the key left alone longest was let go.
    expect((await limiter.limit({ key: 'idle' })).success).toBe(true);
  });

  it.each([
    ['198.51.100.7', '198.51.100.7'],
    [' 198.51.100.7 ', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:c633:6407', '198.51.100.7'],
    ['0:0:0:0:0:ffff:198.51.100.7', '198.51.100.7'],
    ['unknown', 'unknown'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['256.1.1.1', '256.1.1.1'],
  ])('counts %s as the client network %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });

  it('limits every address of one IPv6 /64 as one client, and another /64 apart', async () => {
    await createSite('rate-limited-v6');
    const from = (ip: string) => ({ headers: { 'CF-Connecting-IP': ip } });
    const statuses = [];
    for (let i = 0; i <= CLIENT_WRITES_PER_MINUTE; i++) statuses.push((await postJson('/v1/sites/rate-limited-v6/consents', consentEvent(), from(`2001:db8:7:7:${i.toString(16)}::1`))).status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(CLIENT_WRITES_PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
    expect((await postJson('/v1/sites/rate-limited-v6/consents', consentEvent(), from('2001:db8:7:8::1'))).status).toBe(201);
  });
});
