// One visitor of the client site in its own browser context (own cookies, IndexedDB and address):
// makes choices through window.NovoConsent and the toggle, reloads the page, and keeps a record of
// every decision the SDK said it made and of every attempt to deliver one that went on the wire.
import { acceptAll, clickToggle, clickToggleAndLeave, goOnline, readOutbox, rejectAll, sdkReady, sdkStarted, setChoices, takeLeftDecision, toggleSwitch } from './in-page.mjs';

/**
 * A decision the SDK reported as made (its state), with what the visitor did.
 * @typedef {object} Decision
 * @property {number} visitor
 * @property {string} action  acceptAll | rejectAll | set | toggle | toggleAndLeave
 * @property {string} subjectId
 * @property {string} occurredAt  the state's updatedAt: the event's occurredAt
 * @property {string} method
 * @property {Record<string, boolean>} categories
 */

/**
 * A visitor address from the IPv6 documentation prefix. Every context of the one local browser
 * reaches the worker from the same loopback address, which the worker sees as one client and limits
 * to 60 writes a minute in total (clientKey in worker/src/middleware/rate-limit.ts). In production
 * Cloudflare's edge sets `CF-Connecting-IP` per visitor; the harness does the same for each visitor's
 * consent writes, below the page (so CORS is unaffected), and leaves the limit as it is.
 * @param {number} n
 */
const visitorAddress = (n) => `2001:db8:1:${(n + 1).toString(16)}::1`; // a /64 each: the worker counts IPv6 clients by /64

/**
 * Opens a visitor.
 * @param {object} options
 * @param {import('puppeteer-core').Browser} options.browser
 * @param {number} options.n  the visitor's number
 * @param {string} options.pageUrl
 * @param {string} options.api  the worker's origin
 * @param {string} options.siteId
 * @param {() => number} options.random  the run's seeded random source
 */
export async function openVisitor({ browser, n, pageUrl, api, siteId, random }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const consentsUrl = `${api}/v1/sites/${siteId}/consents`;
  /** @type {Decision[]} */
  const decisions = [];
  const wire = { attempts: 0, failed: 0, statuses: /** @type {Record<string, number>} */ ({}), replayed: 0 };
  /** Decisions (subjectId|occurredAt) whose event went on the wire at least once. */
  const sentDecisions = new Set();
  let notRecorded = 0;

  // Every consent write passes through here: counted, and given the visitor's own address.
  const cdp = await page.createCDPSession();
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: consentsUrl, requestStage: 'Request' }] });
  cdp.on('Fetch.requestPaused', ({ requestId, request }) => {
    const headers = Object.entries(request.headers).map(([name, value]) => ({ name, value }));
    if (request.method === 'POST') {
      wire.attempts += 1;
      const event = JSON.parse(request.postData ?? '{}');
      sentDecisions.add(`${event.subjectId}|${event.occurredAt}`);
      headers.push({ name: 'CF-Connecting-IP', value: visitorAddress(n) });
    }
    // Fails when the page navigated meanwhile: the request is gone and the SDK will send it again.
    cdp.send('Fetch.continueRequest', { requestId, headers }).catch(() => {});
  });
  page.on('response', (response) => {
    if (response.url() !== consentsUrl || response.request().method() !== 'POST') return;
    wire.statuses[response.status()] = (wire.statuses[response.status()] ?? 0) + 1;
    if (response.headers()['idempotent-replayed'] === 'true') wire.replayed += 1;
  });
  page.on('requestfailed', (request) => {
    if (request.url() === consentsUrl && request.method() === 'POST') wire.failed += 1;
  });

  /** Loads (or reloads) the page and waits until the SDK has its config and the stored decision. */
  async function load() {
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(sdkStarted, { timeout: 15_000 });
    await page.evaluate(sdkReady);
  }

  /** Keeps a decision the SDK reported and returns it; a null one made no event (the SDK had no config). */
  function keep(action, state) {
    if (!state) {
      notRecorded += 1;
      return null;
    }
    const decision = { visitor: n, action, subjectId: state.subjectId, occurredAt: state.updatedAt, method: state.method, categories: state.categories };
    decisions.push(decision);
    return decision;
  }

  /**
   * One choice, picked at random among the ways a visitor has to make one.
   * @returns {Promise<Decision | null>}
   */
  async function decide() {
    const pick = random();
    if (pick < 0.2) return keep('acceptAll', await page.evaluate(acceptAll));
    if (pick < 0.4) return keep('rejectAll', await page.evaluate(rejectAll));
    if (pick < 0.7) return keep('set', await page.evaluate(setChoices, { analytics: random() < 0.5, marketing: random() < 0.5 }));
    await page.waitForFunction(toggleSwitch, { timeout: 15_000 });
    return keep('toggle', await page.evaluate(clickToggle));
  }

  /**
   * Resolves once the SDK holds the decision's event on the device (in the outbox) or has sent it.
   * `set()` and the other API calls resolve only then; a toggle's change event comes before it.
   */
  async function untilOnDevice(decision, timeoutMs = 10_000) {
    const key = `${decision.subjectId}|${decision.occurredAt}`;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (sentDecisions.has(key)) return true;
      const pending = await page.evaluate(readOutbox, `${siteId}:outbox`);
      if (pending.some((event) => `${event.subjectId}|${event.occurredAt}` === key)) return true;
    }
    return false;
  }

  /**
   * Flips the toggle and leaves the page as soon as it sees the decision, perhaps before the SDK
   * has written the event to IndexedDB; returns the decision the page saw, or null.
   */
  async function toggleAndLeave() {
    await page.waitForFunction(toggleSwitch, { timeout: 15_000 });
    // The evaluation may lose its page to the reload it causes; the navigation is what counts.
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.evaluate(clickToggleAndLeave).catch(() => {})]);
    await page.waitForFunction(sdkStarted, { timeout: 15_000 });
    await page.evaluate(sdkReady);
    const state = await page.evaluate(takeLeftDecision);
    return state && { visitor: n, action: 'toggleAndLeave', subjectId: state.subjectId, occurredAt: state.updatedAt, method: state.method, categories: state.categories };
  }

  return {
    n,
    /** Every decision made through decide(). */
    decisions,
    /** What went on the wire: POST attempts, network failures, answers by status, idempotent replays. */
    wire,
    /** Whether the decision's event went on the wire at least once. */
    wasSent: (decision) => sentDecisions.has(`${decision.subjectId}|${decision.occurredAt}`),
    /** Choices the SDK answered with null (no config: no event made). */
    notRecorded: () => notRecorded,
    load,
    decide,
    untilOnDevice,
    toggleAndLeave,
    /** The events still waiting in the SDK's outbox. */
    pending: () => page.evaluate(readOutbox, `${siteId}:outbox`),
    /** What the SDK does when the browser comes back online: send what is waiting, now. */
    nudge: () => page.evaluate(goOnline),
    close: () => context.close(),
  };
}
