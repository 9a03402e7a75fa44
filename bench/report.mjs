// Prints the bench's results as plain-text tables (the same figures are in bench/results.json).

/**
 * A table with a header row; columns are right-aligned except the first.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const int = (value) => (value === undefined || value === null ? '–' : Math.round(value).toLocaleString('en-US'));
const fixed = (digits) => (value) => (value === undefined || value === null ? '–' : value.toFixed(digits));

/** Our dist/ files: the banner path and each lazily loaded part. */
export function bundleTable(bundle) {
  return table(
    ['file', 'raw B', 'gzip B', 'brotli B'],
    bundle.map((row) => [row.file, int(row.raw), int(row.gzip), int(row.brotli)]),
  );
}

/** What each setup's first view downloads, by kind, gzip. */
export function firstViewTable(scenarios, firstView) {
  return table(
    ['setup', 'JS', 'CSS', 'config JSON', 'in HTML', 'total gzip B', 'total brotli B', 'total raw B', 'requests'],
    scenarios.map(({ id, label }) => {
      const view = firstView[id];
      if (!view) return [label, '–', '–', '–', '–', '–', '–', '–', '–'];
      return [label, int(view.js.gzip), int(view.css.gzip), int(view.data.gzip), int(view.html.gzip), int(view.total.gzip), int(view.total.brotli), int(view.total.raw), view.requests];
    }),
  );
}

/** The headline table: ours vs peers vs the static limit. */
export function comparisonTable(scenarios, firstView, browser) {
  return table(
    ['setup', 'bytes gzip', 'banner ms', '(quartiles)', 'script ms', 'long tasks', 'longest ms', 'CLS', '× static'],
    scenarios.map(({ id, label }) => {
      const median = browser[id]?.median;
      if (!median) return [label, int(firstView[id]?.total.gzip), 'failed', '–', '–', '–', '–', '–', '–'];
      const [q1, q3] = browser[id].visibleMsQuartiles;
      return [
        label,
        int(firstView[id]?.total.gzip),
        int(median.visibleMs),
        `${int(q1)}–${int(q3)}`,
        fixed(1)(median.scriptMs),
        fixed(1)(median.longTasks),
        int(median.longestTaskMs),
        fixed(3)(median.cls),
        fixed(2)(median.ratioToBaseline),
      ];
    }),
  );
}

/** The worker under load, next to the bare route. */
export function workerTable(worker) {
  const answers = (statusCodes) =>
    Object.entries(statusCodes)
      .map(([code, count]) => `${count.toLocaleString('en-US')}×${code}`)
      .join(' ');
  return table(
    ['route', 'req/s', 'p50 ms', 'p99 ms', '× bare req/s', '× bare p50', '× bare p99', 'answers'],
    ['bare', 'config', 'consents'].map((id) => {
      const run = worker[id];
      const ratio = (key) => (run.ratioToBare ? fixed(2)(run.ratioToBare[key]) : '1.00');
      return [run.label, int(run.requestsPerSecond), fixed(1)(run.latencyMs.p50), fixed(1)(run.latencyMs.p99), ratio('requestsPerSecond'), ratio('p50'), ratio('p99'), answers(run.statusCodes)];
    }),
  );
}

/** The ledger: writes beside the trivial route of the same worker, then by shard count. */
export function ledgerTable(ledger) {
  const { trivial, consents } = ledger;
  return table(
    ['route', 'req/s', 'accepted/s', 'p50 ms', 'p99 ms', '× trivial req/s', '× trivial p99'],
    [
      ['GET /.well-known/gpc.json', int(trivial.requestsPerSecond), '–', fixed(1)(trivial.latencyMs.p50), fixed(1)(trivial.latencyMs.p99), '1.00', '1.00'],
      ['POST …/consents', int(consents.requestsPerSecond), int((consents.requestsPerSecond * consents.accepted) / consents.requests), fixed(1)(consents.latencyMs.p50), fixed(1)(consents.latencyMs.p99), fixed(2)(consents.ratioToTrivial.requestsPerSecond), fixed(2)(consents.ratioToTrivial.p99)],
    ],
  );
}

/** Accepted writes per second and p99 by shard count, one site and many. */
export function shardTable(ledger) {
  return table(
    ['shards', 'one site: accepted/s', 'p99 ms', 'errors', `${ledger.sites} sites: accepted/s`, 'p99 ms', 'errors'],
    ledger.shards.map(({ shards, oneSite, manySites }) => [
      shards,
      int(oneSite.acceptedPerSecond),
      fixed(1)(oneSite.latencyMs.p99),
      int(oneSite.errors + oneSite.timeouts),
      int(manySites.acceptedPerSecond),
      fixed(1)(manySites.latencyMs.p99),
      int(manySites.errors + manySites.timeouts),
    ]),
  );
}
