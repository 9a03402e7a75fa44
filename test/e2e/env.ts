import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { devVar } from '../../scripts/lib/local-worker.mjs';

/** The contract of `npm start`: these origins and the `demo` site id. */
export const API_ORIGIN = 'http://localhost:8787';
export const DEMO_ORIGIN = 'http://localhost:8080';
/** The local stand-in for a client's webhook receiver. */
export const WEBHOOK_ORIGIN = 'http://localhost:8790';

/** Headless Chromium from the system (or CHROME_PATH), with the flags this machine needs as root and offline. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface LedgerRow {
  event_id: string;
  subject_id: string;
  method: string;
  categories: string;
  revision: number;
  recorded_at: string;
  gpc: number;
  region: string | null;
  regime: string | null;
}

interface ExportedRow {
  eventId: string;
  subjectId: string;
  method: string;
  categories: Record<string, boolean>;
  revision: number;
  occurredAt: string | null;
  recordedAt: string;
  gpc: boolean;
  region: string | null;
  regime: string | null;
}

/**
 * A subject's ledger rows on the demo site, in the order the visitor made them (the SDK sends each
 * decision at once, even while an older one waits for a retry, so arrival order may differ; the
 * worker orders a subject's decisions the same way), read through the admin
 * API's JSONL export with the root key `npm start` wrote to worker/.dev.vars (the ledger lives in
 * Durable Objects, which have no command-line reader), in the row shape of the D1 ledger.
 */
export async function ledgerRows(subjectId: string): Promise<LedgerRow[]> {
  const res = await fetch(`${API_ORIGIN}/v1/admin/sites/demo/consents?format=jsonl&subjectId=${encodeURIComponent(subjectId)}`, {
    headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY') ?? ''}` },
  });
  if (!res.ok) throw new Error(`ledger export answered ${res.status}: ${await res.text()}`);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ExportedRow)
    .sort((a, b) => (a.occurredAt ?? a.recordedAt).localeCompare(b.occurredAt ?? b.recordedAt))
    .map((row) => {
      return {
        event_id: row.eventId,
        subject_id: row.subjectId,
        method: row.method,
        categories: JSON.stringify(row.categories),
        revision: row.revision,
        recorded_at: row.recordedAt,
        gpc: row.gpc ? 1 : 0,
        region: row.region,
        regime: row.regime,
      };
    });
}

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The 6-digit code the worker emailed to `email`, from the development outbox. */
export function verificationCode(email: string): Promise<string> {
  return eventually(async () => {
    const { items } = (await (await fetch(`${API_ORIGIN}/v1/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as { items: { subject: string; text: string }[] };
    return /\b(\d{6})\b/.exec(items.find((item) => item.subject === 'Your verification code')?.text ?? '')?.[1] ?? null;
  });
}

/** Opens a demo page and waits until the SDK has its config and the stored decision. */
export async function openDemoPage(page: Page, path = '/'): Promise<void> {
  await page.goto(`${DEMO_ORIGIN}${path}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.NovoConsent !== undefined);
  await page.evaluate(() => window.NovoConsent?.ready);
}

/** One browser for a test file; each test gets a fresh context (no cookies, no storage) and page. */
export interface DemoBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
}

/** Registers the hooks that give each test of the calling file its `DemoBrowser`. */
export function useDemoBrowser(): DemoBrowser {
  let browser: Browser | undefined;
  const session = { pageErrors: [] as string[] } as DemoBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    session.context = await browser!.createBrowserContext();
    session.page = await session.context.newPage();
    session.pageErrors = [];
    session.page.on('pageerror', (error) => session.pageErrors.push(String(error)));
  });
  return session;
}
