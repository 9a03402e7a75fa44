// `npm start`: installs what is missing, builds the SDK, applies the D1 migrations to the local
// database, seeds the demo site, then serves the worker on :8787 and the demo site on :8080.
// NOVO_STATE_DIR chooses where the local D1 database lives (the end-to-end tests use a fresh one).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { answers, bin, devVar, ensureDevVars, env, migrate, root, seed, startWorker, step } from './lib/local-worker.mjs';
import { policyToNotice } from './lib/policy-to-notice.mjs';

step('Dependencies', process.execPath, ['scripts/ensure-deps.mjs']);
ensureDevVars();
step('Build the SDK bundle', bin('rollup'), ['-c', '--silent']);
migrate();
seed();

const services = [
  startWorker(8787),
  spawn(process.execPath, ['scripts/serve-demo.mjs'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, ['scripts/webhook-receiver.mjs'], { cwd: root, env: { ...env, DEMO_WEBHOOK_SECRET: devVar('DEMO_WEBHOOK_SECRET') }, stdio: 'inherit' }),
];

/**
 * The parts of the demo site that go through the admin API: forwarding to the local webhook
 * receiver (the worker encrypts its secret), and the privacy notice, imported from the policy
 * text as version 1 when the site has none yet.
 */
async function configureDemoSite() {
  while (!(await answers('http://localhost:8787/v1/openapi.json'))) await new Promise((resolve) => setTimeout(resolve, 250));
  const admin = (method, route, body) =>
    fetch(`http://localhost:8787/v1/admin/sites/demo${route}`, {
      method,
      headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const forwarding = await admin('PATCH', '', {
    forwarding: { webhookUrl: 'http://localhost:8790/privacy-requests', webhookSecret: devVar('DEMO_WEBHOOK_SECRET'), privacyEmail: 'contact@novoaigen.com' },
  });
  if (!forwarding.ok) console.error(`✖ could not configure the demo site's forwarding: HTTP ${forwarding.status}`);
  if ((await fetch('http://localhost:8787/v1/sites/demo/notice')).status === 404) {
    const document = policyToNotice(readFileSync(path.join(root, 'demo/privacy-policy.txt'), 'utf8'));
    const notice = await admin('PUT', '/notices/en', { document });
    if (!notice.ok) console.error(`✖ could not publish the demo notice: HTTP ${notice.status} ${await notice.text()}`);
  }
  console.log('\nWorker API: http://localhost:8787  ·  Demo site: http://localhost:8080  ·  Webhook receiver: http://localhost:8790  ·  Ctrl+C stops all.\n');
}
void configureDemoSite();

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of services) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of services) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
