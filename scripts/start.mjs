// `npm start`: installs what is missing, builds the SDK, applies the D1 migrations to the local
// database, seeds the demo site, then serves the worker on :8787 and the demo site on :8080.
// NOVO_STATE_DIR chooses where the local D1 database lives (the end-to-end tests use a fresh one).
import { spawn } from 'node:child_process';
import { answers, bin, devVar, ensureDevVars, env, migrate, root, startWorker, stateDir, step } from './lib/local-worker.mjs';

step('Dependencies', process.execPath, ['scripts/ensure-deps.mjs']);
ensureDevVars();
step('Build the SDK bundle', bin('rollup'), ['-c', '--silent']);
migrate();
step('Seed the demo site', bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', 'worker/seed/demo.sql']);

const services = [
  startWorker(8787),
  spawn(process.execPath, ['scripts/serve-demo.mjs'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, ['scripts/webhook-receiver.mjs'], { cwd: root, env: { ...env, DEMO_WEBHOOK_SECRET: devVar('DEMO_WEBHOOK_SECRET') }, stdio: 'inherit' }),
];

/** Points the demo site's forwarding at the local webhook receiver (its secret is encrypted by the worker, so it is set through the API). */
async function configureDemoForwarding() {
  while (!(await answers('http://localhost:8787/v1/openapi.json'))) await new Promise((resolve) => setTimeout(resolve, 250));
  const res = await fetch('http://localhost:8787/v1/admin/sites/demo', {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      forwarding: { webhookUrl: 'http://localhost:8790/privacy-requests', webhookSecret: devVar('DEMO_WEBHOOK_SECRET'), privacyEmail: 'contact@novoaigen.com' },
    }),
  });
  if (!res.ok) console.error(`✖ could not configure the demo site's forwarding: HTTP ${res.status}`);
  console.log('\nWorker API: http://localhost:8787  ·  Demo site: http://localhost:8080  ·  Webhook receiver: http://localhost:8790  ·  Ctrl+C stops all.\n');
}
void configureDemoForwarding();

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of services) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of services) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
