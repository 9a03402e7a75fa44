// The servers the bench measures against, each on its own port and with its own state, so the
// bench can run while the end-to-end tests use 8787, 8080 and 8790.
import { bin, devArgs, devVar, ensureDevVars, env, prepareDatabase, root } from '../../scripts/lib/local-worker.mjs';
import { startService, tempDir, waitUntilAnswering } from '../../scripts/lib/processes.mjs';

/**
 * The product's worker as `npm start` runs it, on `port`, with a fresh local D1 database (migrations
 * and the demo seed applied), and `pageOrigin` added to the demo site's allowed origins so the
 * benchmark pages may fetch its config.
 * @param {number} port
 * @param {string} pageOrigin
 * @returns {Promise<{ origin: string, service: import('../../scripts/lib/processes.mjs').Service }>}
 */
export async function startProductWorker(port, pageOrigin) {
  ensureDevVars();
  // A fresh, temporary wrangler state directory, deleted when the bench ends.
  const stateDir = tempDir('bench-worker');
  await prepareDatabase(stateDir);
  const service = startService('worker (wrangler dev)', bin('wrangler'), devArgs({ port, persistTo: stateDir }), { cwd: root, env });
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
 * The bare Hono worker (bench/bare-worker) on `port`, same runtime as the product's, without the
 * product's secrets.
 * @param {number} port
 * @returns {Promise<{ origin: string, service: import('../../scripts/lib/processes.mjs').Service }>}
 */
export async function startBareWorker(port) {
  const args = devArgs({ port, persistTo: tempDir('bench-bare'), envFile: null, extra: ['--config', 'bench/bare-worker/wrangler.toml'] });
  const service = startService('bare worker (wrangler dev)', bin('wrangler'), args, { cwd: root, env });
  const origin = `http://localhost:${port}`;
  await waitUntilAnswering(`${origin}/`, service);
  return { origin, service };
}
