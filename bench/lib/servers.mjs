// The servers the bench measures against, each on its own port and with its own state, so the
// bench can run while the end-to-end tests use 8787, 8080 and 8790.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, devVar, ensureDevVars, env, root } from '../../scripts/lib/local-worker.mjs';
import { removeOnExit, startService, waitUntilAnswering } from './processes.mjs';

/** A fresh, temporary wrangler state directory, deleted when the bench ends. */
function freshStateDir(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `novo-bench-${name}-`));
  removeOnExit(dir);
  return dir;
}

/** Runs a wrangler command to completion; throws with its output when it fails. */
function wrangler(title, args) {
  const result = spawnSync(bin('wrangler'), args, { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${title} failed:\n${result.stdout}${result.stderr}`);
}

/** `wrangler dev` arguments as `npm start` uses them (scripts/lib/local-worker.mjs), with our port and state. */
const devArgs = (port, stateDir) => ['dev', '--port', String(port), '--ip', 'localhost', '--persist-to', stateDir, '--show-interactive-dev-session=false'];

/**
 * The product's worker as `npm start` runs it, on `port`, with a fresh local D1 database (migrations
 * and the demo seed applied), and `pageOrigin` added to the demo site's allowed origins so the
 * benchmark pages may fetch its config.
 * @param {number} port
 * @param {string} pageOrigin
 * @returns {Promise<{ origin: string, service: import('./processes.mjs').Service }>}
 */
export async function startProductWorker(port, pageOrigin) {
  ensureDevVars();
  const stateDir = freshStateDir('worker');
  wrangler('Apply D1 migrations', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir]);
  wrangler('Seed the demo site', ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', 'worker/seed/demo.sql']);
  const service = startService('worker (wrangler dev)', bin('wrangler'), [...devArgs(port, stateDir), '--env-file', 'worker/.dev.vars'], { cwd: root, env });
  const origin = `http://localhost:${port}`;
  await waitUntilAnswering(`${origin}/v1/sites/demo/config`, service);

  const site = await fetch(`${origin}/v1/admin/sites/demo`, { headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}` } });
  if (!site.ok) throw new Error(`could not read the demo site: HTTP ${site.status} ${await site.text()}`);
  const { origins } = await site.json();
  const patch = await fetch(`${origin}/v1/admin/sites/demo`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ origins: [...origins, pageOrigin] }),
  });
  if (!patch.ok) throw new Error(`could not allow ${pageOrigin} on the demo site: HTTP ${patch.status} ${await patch.text()}`);
  return { origin, service };
}

/**
 * The bare Hono worker (bench/bare-worker) on `port`, same runtime as the product's.
 * @param {number} port
 * @returns {Promise<{ origin: string, service: import('./processes.mjs').Service }>}
 */
export async function startBareWorker(port) {
  const service = startService('bare worker (wrangler dev)', bin('wrangler'), [...devArgs(port, freshStateDir('bare')), '--config', 'bench/bare-worker/wrangler.toml'], { cwd: root, env });
  const origin = `http://localhost:${port}`;
  await waitUntilAnswering(`${origin}/`, service);
  return { origin, service };
}
