// The product's worker as `npm start` runs it (wrangler dev, local D1 with the migrations and the
// demo seed), but isolated for one harness run: its own port, its own temporary state directory and
// secrets, and a snapshot of the worker bundle and of dist/ taken at the start. The snapshot matters:
// wrangler dev reloads on every save in worker/src or rebuild of dist/, and a reload drops the local
// queue's in-memory messages, so a colleague's edit would otherwise show up as a lost delivery here.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { bin, env, root } from '../../../../scripts/lib/local-worker.mjs';
import { startService, stopService, tempDir, waitUntilAnswering } from './processes.mjs';

/** Runs wrangler to completion; throws with its output when it fails. */
function wrangler(title, args) {
  const result = spawnSync(bin('wrangler'), args, { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${title} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Runs wrangler without blocking, so independent preparation steps overlap; rejects with its output when it fails. */
function wranglerAsync(title, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin('wrangler'), args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${title} failed:\n${output}`))));
  });
}

/**
 * Fresh local secrets in the shape scripts/lib/local-worker.mjs writes to worker/.dev.vars, so the
 * harness never reads or changes that file (nor the root key of anyone's `npm start`).
 */
function freshSecrets() {
  const key = () => randomBytes(32).toString('base64');
  return {
    ENVIRONMENT: 'development',
    ADMIN_ROOT_KEY: `root_${randomBytes(32).toString('base64url')}`,
    DATA_KEYS: JSON.stringify({ k1: key() }),
    DATA_KEY_ID: 'k1',
    LOOKUP_KEY: key(),
    RECEIPT_SIGNING_KEY: JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `reliability-${randomBytes(4).toString('hex')}` }),
  };
}

/**
 * Runs a SQL statement against the local D1 database of `stateDir` (as test/e2e/env.ts reads the
 * ledger) and returns its rows.
 * @param {string} stateDir
 * @param {string} sql
 * @returns {Record<string, unknown>[]}
 */
export function queryD1(stateDir, sql) {
  const output = wrangler('D1 query', ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql]);
  const [result] = JSON.parse(output);
  return result?.results ?? [];
}

/**
 * One isolated local worker.
 * @typedef {object} LocalWorker
 * @property {string} origin  http://localhost:<port>
 * @property {string} stateDir  its local D1/R2 state
 * @property {string} assetsDir  the snapshot of dist/ it serves (pages may serve it too)
 * @property {string} rootKey  its ADMIN_ROOT_KEY
 * @property {() => Promise<void>} start  starts wrangler dev and waits until it answers
 * @property {(options?: { crash?: boolean }) => Promise<void>} stop  kills it (crash: SIGKILL, no goodbye)
 * @property {(listener: (text: string) => void) => void} follow  hears everything wrangler prints, across restarts
 * @property {() => number} reloads  how often wrangler reloaded it (should stay 0: the bundle is a snapshot)
 * @property {() => string} output  the tail of the current wrangler process's output
 */

/**
 * Prepares a worker on `port`: bundles the worker, snapshots dist/, writes secrets, applies the
 * migrations and the demo seed to a fresh state directory. Call `start()` to run it.
 * @param {number} port
 * @returns {Promise<LocalWorker>}
 */
export async function prepareWorker(port) {
  if (!existsSync(path.join(root, 'dist/novo-consent.js'))) throw new Error('dist/novo-consent.js is missing: run `npx rollup -c` first');
  const dir = tempDir(`reliability-worker-${port}`);
  const stateDir = path.join(dir, 'state');
  const bundleDir = path.join(dir, 'bundle');
  const assetsDir = path.join(dir, 'dist');
  const envFile = path.join(dir, '.dev.vars');
  const secrets = freshSecrets();
  writeFileSync(envFile, Object.entries(secrets).map(([name, value]) => `${name}='${value}'\n`).join(''), { mode: 0o600 });
  cpSync(path.join(root, 'dist'), assetsDir, { recursive: true, filter: (source) => !source.endsWith('.map') });
  await Promise.all([
    wranglerAsync('Bundle the worker', ['deploy', '--dry-run', '--outdir', bundleDir]),
    wranglerAsync('Apply D1 migrations', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir]).then(() =>
      wranglerAsync('Seed the demo site', ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', 'worker/seed/demo.sql']),
    ),
  ]);

  const origin = `http://localhost:${port}`;
  let service = null;
  let reloads = 0;
  const followers = new Set();
  const args = [
    'dev',
    path.join(bundleDir, 'index.js'),
    '--config',
    path.join(root, 'wrangler.toml'),
    '--no-bundle',
    '--assets',
    assetsDir,
    '--port',
    String(port),
    '--ip',
    'localhost',
    '--persist-to',
    stateDir,
    '--env-file',
    envFile,
    // Its own inspector port too: wrangler's default (9229) is shared with every other wrangler dev
    // on the machine, and a restart fails if another one took it meanwhile.
    '--inspector-port',
    String(port + 20_000),
    '--show-interactive-dev-session=false',
  ];
  return {
    origin,
    stateDir,
    assetsDir,
    rootKey: secrets.ADMIN_ROOT_KEY,
    async start() {
      service = startService(`worker on :${port} (wrangler dev)`, bin('wrangler'), args, { cwd: root, env });
      service.onOutput((text) => {
        reloads += text.match(/Reloading local server/g)?.length ?? 0;
        for (const follower of followers) follower(text);
      });
      await waitUntilAnswering(`${origin}/v1/openapi.json`, service);
    },
    async stop({ crash = false } = {}) {
      if (service) await stopService(service, { crash });
    },
    reloads: () => reloads,
    follow(listener) {
      followers.add(listener);
    },
    output: () => service?.output() ?? '',
  };
}
