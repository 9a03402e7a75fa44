// The product's worker as `npm start` runs it (wrangler dev, local D1 with the migrations and the
// demo seed), but isolated for one harness run: its own port, its own temporary state directory and
// secrets, and a snapshot of the worker bundle and of dist/ taken at the start. The snapshot matters:
// wrangler dev reloads on every save in worker/src or rebuild of dist/, and a reload drops the local
// queue's in-memory messages, so a colleague's edit would otherwise show up as a lost delivery here.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bin, devArgs, devVar, ensureDevVars, env, prepareDatabase, root, runWrangler } from '../../../../scripts/lib/local-worker.mjs';
import { startService, stopService, tempDir, waitUntilAnswering } from '../../../../scripts/lib/processes.mjs';

/**
 * Runs a SQL statement against the local D1 database of `stateDir` (rights requests, forwarding
 * attempts; the ledger is read through the admin API, see admin.mjs) and returns its rows.
 * @param {string} stateDir
 * @param {string} sql
 * @returns {Record<string, unknown>[]}
 */
export function queryD1(stateDir, sql) {
  const query = spawnSync(bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql], { cwd: root, env, encoding: 'utf8' });
  if (query.status !== 0) throw new Error(`D1 query failed:\n${query.stdout}${query.stderr}`);
  const [result] = JSON.parse(query.stdout);
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
  // Its own secrets, so the harness never reads or changes worker/.dev.vars (nor the root key of anyone's `npm start`).
  const envFile = path.join(dir, '.dev.vars');
  ensureDevVars({ file: envFile, quiet: true });
  cpSync(path.join(root, 'dist'), assetsDir, { recursive: true, filter: (source) => !source.endsWith('.map') });
  await Promise.all([runWrangler('Bundle the worker', ['deploy', '--dry-run', '--outdir', bundleDir]), prepareDatabase(stateDir)]);

  const origin = `http://localhost:${port}`;
  let service = null;
  let reloads = 0;
  const followers = new Set();
  const args = devArgs({
    port,
    persistTo: stateDir,
    envFile,
    extra: [
      path.join(bundleDir, 'index.js'),
      '--config',
      path.join(root, 'wrangler.toml'),
      '--no-bundle',
      '--assets',
      assetsDir,
      // Its own inspector port too: wrangler's default (9229) is shared with every other wrangler dev
      // on the machine, and a restart fails if another one took it meanwhile.
      '--inspector-port',
      String(port + 20_000),
    ],
  });
  return {
    origin,
    stateDir,
    assetsDir,
    rootKey: devVar('ADMIN_ROOT_KEY', envFile),
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
