// `npm test`: typecheck, build, then every test suite in its real environment (worker and
// reliability tests in workerd with local D1, the fault and load harnesses against their own local
// worker, component tests in headless Chromium, end-to-end tests against `npm start`). Runs every
// step even after a failure, then prints one summary line per runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'node_modules/.cache/novo-test-reports');
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chrome)) {
  console.error(`Chromium not found at ${chrome}. Install it (Debian: apt-get install -y chromium) or set CHROME_PATH.`);
  process.exit(1);
}

function run(title, command, args) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout ?? '');
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

/** A runner that exits non-zero counts as failed even if its report could not say why. */
function counted(ok, passed, failed) {
  return { passed, failed: ok ? failed : Math.max(failed, 1) };
}

function vitest(title, config, name) {
  const file = path.join(reports, `${name}.json`);
  const { ok } = run(title, bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { numPassedTests: 0, numFailedTests: 0 };
  return counted(ok, report.numPassedTests, report.numFailedTests);
}

/** The passed and failed counts of the last line of a runner's output that `pattern` (two numbers) matches. */
function countsIn({ ok, stdout }, pattern) {
  const line = [...stdout.matchAll(pattern)].pop();
  return counted(ok, Number(line?.[1] ?? 0), Number(line?.[2] ?? 0));
}

/** A fault or load harness (test/reliability/faults, load) in its bounded form: each promise it checks counts as a test. */
function harness(title, script) {
  return countsIn(run(title, process.execPath, [script]), /(\d+) promises kept, (\d+) broken/g);
}

const checks = [
  ['typecheck', run('Typecheck (browser packages, tests)', bin('tsc'), ['-p', 'tsconfig.json']).ok && run('Typecheck (worker)', bin('tsc'), ['-p', 'worker/tsconfig.json']).ok],
  ['lint', run('Lint (ESLint: typescript-eslint, lit, wc)', bin('eslint'), ['.']).ok],
  ['build', run('Build the SDK bundle', bin('rollup'), ['-c', '--silent']).ok],
  ['npm packages build', run('Build the npm packages (tsc, with declarations; custom-elements manifest)', 'npm', ['run', '--silent', 'build:packages']).ok],
];

const summary = [];
summary.push(['worker tests', vitest('Worker tests (workerd + local D1)', 'worker/vitest.config.ts', 'worker')]);
summary.push(['reliability tests', vitest('Reliability tests, bounded (fuzzing of every route, tenant isolation, CSV injection; full size: npm run test:stress)', 'test/reliability/vitest.config.ts', 'reliability')]);
summary.push(['worker restarts (harness)', harness('Worker killed and restarted while browsers decide and rights requests are submitted (bounded; full: npm run test:stress)', 'test/reliability/faults/worker-restart.mjs')]);
summary.push(['webhook faults (harness)', harness('Webhook receiver failing, timing out and stalling (bounded)', 'test/reliability/faults/webhook-faults.mjs')]);
summary.push(['load (harness)', harness('Load: 300 concurrent clients, writes and config reads (bounded)', 'test/reliability/load/worker-load.mjs')]);

const components = run('Component tests (headless Chromium)', bin('wtr'), ['--config', 'web-test-runner.config.js']);
summary.push(['component tests', countsIn(components, /(\d+) passed, (\d+) failed/g)]);

summary.push(['end-to-end tests', vitest('End-to-end tests (demo site + worker in Chromium)', 'test/vitest.config.ts', 'e2e')]);

console.log('');
for (const [name, ok] of checks) console.log(`${name}: ${ok ? 'ok' : 'FAILED'}`);
let passed = 0;
let failed = 0;
for (const [name, counts] of summary) {
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`all: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && checks.every(([, ok]) => ok) ? 0 : 1);
