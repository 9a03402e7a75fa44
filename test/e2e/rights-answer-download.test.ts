import { describe, expect, it } from 'vitest';
import { devVar } from '../../scripts/lib/local-worker.mjs';
import { API_ORIGIN, DEMO_ORIGIN, eventually, useDemoBrowser } from './env.js';

/** The text of the newest email with `subject` in the development outbox for `to`. */
function emailText(to: string, subject: string): Promise<string> {
  return eventually(async () => {
    const { items } = (await (await fetch(`${API_ORIGIN}/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json()) as { items: { subject: string; text: string }[] };
    return items.find((item) => item.subject === subject)?.text ?? null;
  });
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${API_ORIGIN}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: DEMO_ORIGIN }, body: JSON.stringify(body) });
}

describe('the answer to an access request', () => {
  const session = useDemoBrowser();

  it("reaches the requester: the emailed link's page sends a code and downloads the operator's package", async () => {
    const email = `access-${Date.now()}@example.org`;
    const submitted = (await (await postJson('/v1/sites/demo/rights-requests', { type: 'access', fullName: 'Grace Hopper', email, confirm: true })).json()) as { requestId: string };
    const code = /\b(\d{6})\b/.exec(await emailText(email, 'Your verification code'))?.[1];
    expect((await postJson(`/v1/sites/demo/rights-requests/${submitted.requestId}/verify`, { code })).status).toBe(200);

    const upload = await fetch(`${API_ORIGIN}/v1/admin/sites/demo/rights-requests/${submitted.requestId}/response`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ orders: [{ id: 'A-1001', total: '42.00 EUR' }] }),
    });
    expect(upload.status).toBe(200);
    const link = /(http\S+\/download\?token=\S+)/.exec(await emailText(email, 'Your data is ready'))?.[1];
    expect(link).toBeTruthy();

    const { page } = session;
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    // Keeps the file the page hands to the browser's download, to read it back.
    await page.evaluateOnNewDocument(() => {
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob) => {
        (window as unknown as { downloaded: Blob }).downloaded = blob;
        return createObjectURL(blob);
      };
    });
    await page.goto(link!, { waitUntil: 'load' });
    await page.click('#send');
    await page.waitForSelector('#code-form:not([hidden])');
    const downloadCode = /\b(\d{6})\b/.exec(await emailText(email, 'Your download code'))?.[1];
    await page.type('#code', downloadCode!);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/rights-requests/${submitted.requestId}/download`) && response.request().method() === 'POST'),
      page.click('#code-form button[type="submit"]'),
    ]);
    expect(answer.status()).toBe(200);
    await page.waitForFunction(() => document.getElementById('message')?.textContent === 'Your download has started.');
    const file = JSON.parse(await page.evaluate(() => (window as unknown as { downloaded: Blob }).downloaded.text())) as unknown;
    expect(file).toMatchObject({ requestId: submitted.requestId, type: 'access', response: { contentType: 'application/json', content: { orders: [{ id: 'A-1001' }] } } });
    expect(session.pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
