// `npm run bench` (after `rollup -c`): our SDK beside the most used open-source consent libraries on
// one client page, against the static-HTML limit, the worker under load beside a bare route, and the
// consent ledger: writes beside the worker's trivial route and by shard count (bench/ledger-load.mjs).
// Prints the tables and writes everything to bench/results.json. It starts and stops its own
// servers on their own ports (page server 8098, worker 8797, bare worker 8799) with a fresh wrangler
// state, so it can run while the end-to-end tests use 8787, 8080 and 8790.
//
// Settings (environment): BENCH_RUNS (page views per setup, default 15), BENCH_CPU_THROTTLE
// (Chromium CPU slow-down factor, default 1 = off), BENCH_LOAD_SECONDS (default 10),
// BENCH_CONNECTIONS (default 50), CHROME_PATH (default /usr/bin/chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertChromium, captureBanner, launchChromium, runBrowserBench, VIEWPORT } from './browser.mjs';
import { bundleRows, firstViewBytes } from './bytes.mjs';
import { portInUse } from '../scripts/lib/local-worker.mjs';
import { stopAll } from '../scripts/lib/processes.mjs';
import { startBareWorker, startProductWorker } from './lib/servers.mjs';
import { startPageServer } from './page-server.mjs';
import { runLedgerBench } from './ledger-load.mjs';
import { bundleTable, comparisonTable, firstViewTable, ledgerTable, shardTable, workerTable } from './report.mjs';
import { buildPages, SCENARIOS } from './scenarios.mjs';
import { runWorkerBench } from './worker-load.mjs';

const root = path.resolve(import.meta.dirname, '..');
const PORTS = { pages: 8098, worker: 8797, bare: 8799 };
const PAGE_ORIGIN = `http://localhost:${PORTS.pages}`;

/** A positive integer from the environment, or `fallback`. */
function setting(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return Number(value);
}

/** The bench's settings, from the environment (see the top of this file). */
const readSettings = () => ({
  runs: setting('BENCH_RUNS', 15),
  cpuThrottling: setting('BENCH_CPU_THROTTLE', 1),
  loadSeconds: setting('BENCH_LOAD_SECONDS', 10),
  connections: setting('BENCH_CONNECTIONS', 50),
});

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

async function assertPortsFree() {
  for (const [name, port] of Object.entries(PORTS)) {
    if (await portInUse(port)) throw new Error(`port ${port} (bench ${name}) is in use: is another \`npm run bench\` running?`);
  }
}

const packageVersion = (name) => JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

/** The browser half: pages served, our banner captured as the static limit, every setup measured. */
async function browserBench(worker, settings) {
  // The inlined setup carries exactly what the worker answers this page's visitor.
  const configAnswer = await fetch(`${worker.origin}/v1/sites/demo/config?lang=en`, { headers: { Origin: PAGE_ORIGIN } });
  if (!configAnswer.ok) throw new Error(`the local worker's config answer: HTTP ${configAnswer.status}`);
  const config = await configAnswer.json();
  const pages = buildPages({ workerOrigin: worker.origin, config });
  const server = await startPageServer(PORTS.pages, pages);
  let browser;
  try {
    browser = await launchChromium();
    const ours = SCENARIOS.find((scenario) => scenario.id === 'novo-inline');
    const staticBanner = await captureBanner(browser, `${PAGE_ORIGIN}/novo-inline.html`, ours);
    for (const [id, html] of buildPages({ workerOrigin: worker.origin, config, staticBanner })) pages.set(id, html);
    const loadBefore = os.loadavg()[0];
    log(`Chromium ${await browser.version()}: ${SCENARIOS.length} setups, ${settings.runs} views each, CPU throttling ${settings.cpuThrottling > 1 ? `${settings.cpuThrottling}×` : 'off'}`);
    const results = await runBrowserBench(browser, { baseUrl: PAGE_ORIGIN, scenarios: SCENARIOS, baselineId: 'static', runs: settings.runs, cpuThrottling: settings.cpuThrottling, log: (message) => log(`  ${message}`) });
    const firstView = {};
    for (const scenario of SCENARIOS) {
      const { resources } = results[scenario.id];
      if (resources) firstView[scenario.id] = firstViewBytes(resources, pages.get(scenario.id), pages.get('content'));
      delete results[scenario.id].resources;
    }
    // The machine's load average around the browser runs: other work on it makes timings noisy.
    return { chromium: await browser.version(), loadAverage: { before: loadBefore, after: os.loadavg()[0] }, results, firstView };
  } finally {
    await browser?.close();
    server.close();
  }
}

async function main() {
  const settings = readSettings();
  assertChromium();
  await assertPortsFree();
  const bundle = bundleRows(path.join(root, 'dist'));

  log(`Starting the local worker on :${PORTS.worker} (fresh D1 state, migrations + demo seed) and the bare worker on :${PORTS.bare}`);
  const worker = await startProductWorker(PORTS.worker, PAGE_ORIGIN);
  const bare = await startBareWorker(PORTS.bare);

  log('Browser: first views of each setup');
  const browser = await browserBench(worker, settings);

  log('Worker: load runs');
  const load = await runWorkerBench({ worker, bare, connections: settings.connections, seconds: settings.loadSeconds, log: (message) => log(`  ${message}`) });

  log('Ledger: writes beside the trivial route, then by shard count');
  const ledger = await runLedgerBench({ worker, connections: settings.connections, seconds: settings.loadSeconds, log: (message) => log(`  ${message}`) });

  const results = {
    measuredAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: browser.chromium, loadAverage1m: browser.loadAverage },
    settings: {
      browser: {
        viewsPerSetup: settings.runs,
        warmUpViewsPerSetup: 1,
        order: 'round-robin over the setups',
        statistic: 'median (time to banner also as the median of per-round ratios to the static page, and quartiles)',
        viewport: VIEWPORT,
        cpuThrottling: settings.cpuThrottling > 1 ? `${settings.cpuThrottling}×` : 'off',
        network: 'loopback, not throttled',
        cache: 'a fresh browser context per view (a first-time visitor: no cookies, storage or cache) and the HTTP cache disabled',
        bannerVisible: 'end of the first frame in which the banner element has a non-zero box and is not display:none or visibility:hidden (opacity ignored: every library fades in)',
        scriptTime: 'Performance.getMetrics ScriptDuration of the page view (includes the probe: see the static row)',
        longTasks: "PerformanceObserver 'longtask' from document start (tasks over 50 ms)",
        cls: "PerformanceObserver 'layout-shift' without hadRecentInput; largest session window",
      },
      worker: { tool: `autocannon ${packageVersion('autocannon')}`, connections: settings.connections, seconds: settings.loadSeconds, warmUpSeconds: 2, runtime: 'wrangler dev (local workerd behind its proxy), fresh local D1' },
    },
    peers: Object.fromEntries(SCENARIOS.filter((scenario) => scenario.package).map((scenario) => [scenario.package, packageVersion(scenario.package)])),
    bundle,
    firstView: browser.firstView,
    browser: browser.results,
    worker: load,
    ledger,
  };
  writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

function print(results) {
  const { bundle, firstView, browser, worker, ledger, machine, settings: used } = results;
  console.log('\nScript-tag bundle: novo-consent.js is the banner path (engine, banner, preferences, launcher, Lit); the rest load only where a page uses them\n');
  console.log(bundleTable(bundle));
  console.log(`\nFirst view, bytes the consent setup adds to the page (resources as the browser fetched them, compressed here; "in HTML": inline config or markup)\n`);
  console.log(firstViewTable(SCENARIOS, firstView));
  console.log(`\nOurs vs peers vs static limit (medians of ${used.browser.viewsPerSetup} first views; × static: median of per-round ratios; Chromium ${machine.chromium}, ${machine.cpus} cores, CPU throttling ${used.browser.cpuThrottling}, viewport ${VIEWPORT.width}×${VIEWPORT.height})\n`);
  console.log(comparisonTable(SCENARIOS, firstView, browser));
  console.log(`\nWorker under load (autocannon, ${used.worker.connections} connections, ${used.worker.seconds} s each, wrangler dev on this machine: compare ratios, not absolute figures)\n`);
  console.log(workerTable(worker));
  const limit = worker.clientLimit;
  console.log(`\nWrites: ${worker.consents.accepted.toLocaleString('en-US')} accepted (${Math.round(worker.consents.acceptedPerSecond)}/s), ${worker.consents.refused.toLocaleString('en-US')} refused (429) under load, one address per request; from one address ${limit.accepted} accepted, ${limit.refused} refused of ${limit.fromOneAddress}: the per-client limit is ${limit.intact ? 'intact' : 'NOT as expected'}. Config answers came from the edge cache: ${worker.config.edgeCache}.`);
  for (const id of ['bare', 'config', 'consents']) {
    if (worker[id].workerReloads) console.log(`⚠ wrangler reloaded the worker ${worker[id].workerReloads}× during the ${worker[id].label} run (a file changed): its figures are disturbed.`);
  }
  console.log(`\nLedger: consent writes beside the trivial route of the same worker (${used.worker.connections} connections, ${used.worker.seconds} s each)\n`);
  console.log(ledgerTable(ledger));
  const { consents } = ledger;
  console.log(`\nLedger rows (counted in the admin export) ${consents.ledgerRows.toLocaleString('en-US')} = writes accepted ${consents.accepted.toLocaleString('en-US')} of ${consents.requests.toLocaleString('en-US')} sent: ${consents.ledgerRows === consents.accepted ? 'yes' : 'NO'}; answers: ${JSON.stringify(consents.statusCodes)}.`);
  console.log(`\nLedger writes by shard count, one site and ${ledger.sites} sites sharing the load\n`);
  console.log(shardTable(ledger));
  if (firstView['novo-inline']?.data.raw) console.log('⚠ novo-consent with its config inlined still fetched the config: the inlined config was not used.');
  for (const scenario of SCENARIOS) {
    const entry = browser[scenario.id];
    for (const failure of entry.failures) console.log(`⚠ ${scenario.label}: ${failure}`);
    for (const error of entry.errors ?? []) console.log(`⚠ ${scenario.label}: page error: ${error}`);
  }
  console.log(`\nWritten to bench/results.json in ${results.durationSeconds} s.`);
}

try {
  const results = await main();
  print(results);
  const failed = SCENARIOS.filter((scenario) => !results.browser[scenario.id]?.median);
  const { consents } = results.ledger;
  if (failed.length > 0 || !results.worker.clientLimit.intact || consents.ledgerRows !== consents.accepted) process.exitCode = 1;
} catch (error) {
  console.error(`\n✖ bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
// Nothing of the bench may keep running (a half-closed socket, a browser that failed to start).
process.exit();
