// `npm start`: installs what is missing, builds the SDK, applies the D1 migrations to the local
// database, seeds the demo site, then serves the worker on :8787 and the demo site on :8080.
// NOVO_STATE_DIR chooses where the local D1 database lives (the end-to-end tests use a fresh one).
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stateDir = process.env.NOVO_STATE_DIR ?? path.join(root, '.wrangler/state');
// No telemetry, and no fetch of Cloudflare's `Request.cf` sample: local development works offline.
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const bin = (name) => path.join(root, 'node_modules/.bin', name);

function step(title, command, args) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Local Worker secrets, random per checkout (wrangler dev reads worker/.dev.vars). Missing ones are
 * added; existing ones are kept, so local data stays readable.
 */
function ensureDevVars() {
  const file = path.join(root, 'worker/.dev.vars');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const key = () => randomBytes(32).toString('base64');
  const fresh = {
    ADMIN_ROOT_KEY: () => `root_${randomBytes(32).toString('base64url')}`,
    DATA_KEYS: () => JSON.stringify({ k1: key() }),
    DATA_KEY_ID: () => 'k1',
    LOOKUP_KEY: key,
    RECEIPT_SIGNING_KEY: () => JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `local-${randomBytes(4).toString('hex')}` }),
  };
  const missing = Object.entries(fresh).filter(([name]) => !new RegExp(`^${name}=`, 'm').test(existing));
  if (missing.length === 0) return;
  appendFileSync(file, missing.map(([name, make]) => `${name}='${make()}'\n`).join(''), { mode: 0o600 });
  console.log(`\n▸ Wrote local secrets to worker/.dev.vars: ${missing.map(([name]) => name).join(', ')} (the root admin key is ADMIN_ROOT_KEY).`);
}

step('Dependencies', process.execPath, ['scripts/ensure-deps.mjs']);
ensureDevVars();
step('Build the SDK bundle', bin('rollup'), ['-c', '--silent']);
step('Apply D1 migrations (local)', bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir]);
step('Seed the demo site', bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', 'worker/seed/demo.sql']);

const services = [
  spawn(bin('wrangler'), ['dev', '--port', '8787', '--ip', 'localhost', '--persist-to', stateDir, '--env-file', 'worker/.dev.vars', '--show-interactive-dev-session=false'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, ['scripts/serve-demo.mjs'], { cwd: root, env, stdio: 'inherit' }),
];
console.log('\nWorker API: http://localhost:8787  ·  Demo site: http://localhost:8080  ·  Ctrl+C stops both.\n');

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of services) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of services) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
