import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { postJson, request } from '../../test/fixtures.js';

const DEMO_ORIGIN = 'http://localhost:8080';

describe('development outbox', () => {
  it("lets a site's own pages and servers read the codes, and no other page", async () => {
    await env.DB.batch(env.TEST_DEMO_SEED.map((statement) => env.DB.prepare(statement)));
    const email = 'outbox-reader@example.org';
    const submitted = await postJson('/v1/sites/demo/rights-requests', { type: 'inquiry', fullName: 'Mary Jackson', email, details: 'Which data?', confirm: true }, { origin: DEMO_ORIGIN });
    expect(submitted.status).toBe(202);
    const path = `/v1/dev/outbox?to=${encodeURIComponent(email)}`;

    const demo = await request(path, { origin: DEMO_ORIGIN });
    expect(demo.headers.get('Access-Control-Allow-Origin')).toBe(DEMO_ORIGIN);
    expect(demo.headers.get('Vary')).toContain('Origin');
    expect(((await demo.json()) as { items: unknown[] }).items).toHaveLength(1);

    const foreign = await request(path, { origin: 'https://evil.example' });
    expect(foreign.headers.get('Access-Control-Allow-Origin')).toBeNull();

    // Tests and scripts read it from Node, where CORS does not apply.
    const server = await request(path, { origin: null });
    expect(server.status).toBe(200);
    expect(((await server.json()) as { items: { subject: string }[] }).items.map((item) => item.subject)).toEqual(['Your verification code']);
  });
});
