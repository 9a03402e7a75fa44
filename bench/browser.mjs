// The browser half of `npm run bench`: each scenario's page in headless Chromium, several first
// views each, reporting the median of time to banner, main-thread script time, long tasks and CLS.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const PROBE = readFileSync(path.join(import.meta.dirname, 'browser-probe.js'), 'utf8');
const CAPTURE = readFileSync(path.join(import.meta.dirname, 'browser-capture.js'), 'utf8');

/** The system Chromium (Debian: apt-get install -y chromium), or CHROME_PATH. */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** A fixed desktop viewport, the same for every page view. */
export const VIEWPORT = { width: 1280, height: 800, deviceScaleFactor: 1 };

/** How long the network must be quiet before a page view is read: late work (lazy parts) counts too. */
const NETWORK_IDLE_MS = 500;
/** Longest a banner may take to show before the page view counts as failed. */
const VISIBLE_TIMEOUT_MS = 15_000;

/** Throws a message that says what to do when there is no Chromium to drive. */
export function assertChromium() {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(`Chromium not found at ${CHROME_PATH}. Install it (Debian: apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium binary.`);
  }
}

/**
 * Headless Chromium with the flags this machine needs (root, offline: see test/e2e/env.ts) and none
 * of the background work that would make timings drift from run to run.
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
export function launchChromium() {
  assertChromium();
  return puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    defaultViewport: VIEWPORT,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-extensions',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--hide-scrollbars',
      '--mute-audio',
    ],
  });
}

/**
 * Cumulative layout shift as Chromium's Web Vitals define it: the largest session window (shifts
 * less than 1 s apart, at most 5 s long) of shifts without recent input.
 * @param {{ startTime: number, value: number }[]} shifts
 */
export function cumulativeLayoutShift(shifts) {
  let largest = 0;
  let windowValue = 0;
  let windowStart = -Infinity;
  let previous = -Infinity;
  for (const shift of shifts) {
    if (shift.startTime - previous >= 1000 || shift.startTime - windowStart >= 5000) {
      windowValue = 0;
      windowStart = shift.startTime;
    }
    windowValue += shift.value;
    previous = shift.startTime;
    largest = Math.max(largest, windowValue);
  }
  return largest;
}

/** The `q` quantile of numbers (0.5: the median), interpolated between neighbours. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The median of numbers. */
export const median = (values) => quantile(values, 0.5);

/** `promise`, or a rejection with `message` once `ms` have passed. */
async function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A fresh browser context (no cache, cookies or storage: a first-time visitor) with one page set up
 * for measuring: fixed viewport, HTTP cache off, CPU throttling, and the probe injected. The page
 * first opens a blank page of the same origin, so that starting a renderer process for the site
 * (tens of milliseconds, and the noisiest part of a view on a busy machine) is not in the timings.
 */
async function measuringPage(browser, url, scenario, cpuThrottling) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setCacheEnabled(false);
  await page.goto(new URL('/blank.html', url).href);
  await page.emulateCPUThrottling(cpuThrottling > 1 ? cpuThrottling : null);
  await page.evaluateOnNewDocument(`window.__novoBench = ${JSON.stringify({ target: scenario.target })};\n${PROBE}`);
  return { context, page };
}

/**
 * The subresources a page view downloaded, with their bodies: what a library costs a first view.
 * The page itself and the site's own stylesheet are not the library's.
 */
function recordResources(page) {
  const pending = [];
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(response.url());
    if (request.resourceType() === 'document' || request.method() !== 'GET' || url.protocol === 'data:' || url.pathname === '/site.css') return;
    pending.push(
      response.buffer().then(
        (body) => ({ url: `${url.origin}${url.pathname}`, type: request.resourceType(), status: response.status(), body }),
        () => null,
      ),
    );
  });
  return async () => (await Promise.all(pending)).filter(Boolean);
}

/**
 * One first view of `url`: navigation, banner visible, network quiet, then the probe's records and
 * Chromium's `Performance.getMetrics` counters (cumulative for the page's renderer, which ran only the
 * script-free blank page before).
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} url
 * @param {import('./scenarios.mjs').Scenario} scenario
 * @param {{ cpuThrottling: number, collectResources?: boolean }} options
 */
export async function measureView(browser, url, scenario, { cpuThrottling, collectResources = false }) {
  const { context, page } = await measuringPage(browser, url, scenario, cpuThrottling);
  try {
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const resources = collectResources ? recordResources(page) : undefined;
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await withTimeout(page.evaluate('window.__novoBench.visible'), VISIBLE_TIMEOUT_MS, `the banner (${scenario.target.join(' ▸ ')}) did not become visible`);
    await page.waitForNetworkIdle({ idleTime: NETWORK_IDLE_MS, timeout: 30_000 });
    const probe = await page.evaluate('window.__novoBench.read()');
    const metrics = await page.metrics();
    const ms = (seconds) => (seconds ?? 0) * 1000;
    return {
      visibleMs: probe.visibleAt,
      fcpMs: probe.fcpMs,
      loadMs: probe.loadMs,
      scriptMs: ms(metrics.ScriptDuration),
      taskMs: ms(metrics.TaskDuration),
      layoutMs: ms(metrics.LayoutDuration),
      styleMs: ms(metrics.RecalcStyleDuration),
      longTasks: probe.longTasks.length,
      longestTaskMs: Math.max(0, ...probe.longTasks.map((task) => task.duration)),
      longTaskList: probe.longTasks,
      cls: cumulativeLayoutShift(probe.shifts),
      shifts: probe.shifts,
      errors,
      resources: resources ? await resources() : undefined,
    };
  } finally {
    await context.close();
  }
}

/**
 * Our banner as static HTML, taken from a page where the SDK rendered it (see browser-capture.js).
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} url  a page with our SDK
 * @param {import('./scenarios.mjs').Scenario} scenario  that page's scenario (for the banner target)
 */
export async function captureBanner(browser, url, scenario) {
  const { context, page } = await measuringPage(browser, url, scenario, 1);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await withTimeout(page.evaluate('window.__novoBench.visible'), VISIBLE_TIMEOUT_MS, 'our banner did not become visible');
    return await page.evaluate(CAPTURE);
  } finally {
    await context.close();
  }
}

const MEDIAN_KEYS = ['visibleMs', 'fcpMs', 'loadMs', 'scriptMs', 'taskMs', 'layoutMs', 'styleMs', 'longTasks', 'longestTaskMs', 'cls'];

/**
 * Every scenario's page, `runs` times each after one warm-up view (which also records the
 * downloaded resources), in round-robin order so that drift on the machine spreads over all of
 * them. Each setup's time to banner is also taken as a ratio to the baseline's view of the same
 * round (paired: both saw the same load on the machine), and the median of those ratios reported.
 * @param {import('puppeteer-core').Browser} browser
 * @param {object} options
 * @param {string} options.baseUrl  the page server's origin
 * @param {import('./scenarios.mjs').Scenario[]} options.scenarios
 * @param {string} options.baselineId  the scenario the ratios divide by
 * @param {number} options.runs
 * @param {number} options.cpuThrottling  1 = off
 * @param {(message: string) => void} [options.log]
 */
export async function runBrowserBench(browser, { baseUrl, scenarios, baselineId, runs, cpuThrottling, log = () => {} }) {
  const results = Object.fromEntries(scenarios.map((scenario) => [scenario.id, { runs: [], failures: [] }]));
  for (let round = 0; round <= runs; round += 1) {
    log(round === 0 ? 'warm-up view of each page (records the downloaded resources)' : `round ${round}/${runs}`);
    for (const scenario of scenarios) {
      const entry = results[scenario.id];
      try {
        const view = await measureView(browser, `${baseUrl}/${scenario.id}.html`, scenario, { cpuThrottling, collectResources: round === 0 });
        if (round === 0) entry.resources = view.resources;
        else entry.runs.push({ round, ...view, resources: undefined });
      } catch (error) {
        entry.failures.push(`${round === 0 ? 'warm-up' : `round ${round}`}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const baseline = new Map(results[baselineId].runs.map((run) => [run.round, run.visibleMs]));
  for (const entry of Object.values(results)) {
    if (entry.runs.length === 0) continue;
    entry.median = Object.fromEntries(MEDIAN_KEYS.map((key) => [key, median(entry.runs.map((run) => run[key]))]));
    const visible = entry.runs.map((run) => run.visibleMs);
    entry.visibleMsQuartiles = [quantile(visible, 0.25), quantile(visible, 0.75)];
    const ratios = entry.runs.filter((run) => baseline.get(run.round)).map((run) => run.visibleMs / baseline.get(run.round));
    entry.median.ratioToBaseline = ratios.length > 0 ? median(ratios) : null;
    entry.errors = [...new Set(entry.runs.flatMap((run) => run.errors))];
  }
  return results;
}
