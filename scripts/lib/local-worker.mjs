// The pieces of running the worker locally, shared by `npm start`, `npm run site`, the bench and the
// reliability harnesses. `npm start` uses the defaults (port 8787, .wrangler/state, worker/.dev.vars);
// the bench and the harnesses pass their own port, state directory and env file, so they can run
// beside it without touching its data or its root key.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const stateDir = process.env.NOVO_STATE_DIR ?? path.join(root, '.wrangler/state');
// No telemetry, and no fetch of Cloudflare's `Request.cf` sample: local development works offline.
export const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
export const bin = (name) => path.join(root, 'node_modules/.bin', name);
const devVarsFile = path.join(root, 'worker/.dev.vars');

/** Runs a command to completion, printing a title; exits the process when it fails. */
export function step(title, command, args, { quiet = false } = {}) {
  if (!quiet) console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Local Worker secrets, random per checkout, in an env file (worker/.dev.vars unless `file` says
 * otherwise: a harness writes its own, so it never reads or changes anyone's). Missing ones are
 * added; existing ones are kept, so local data stays readable.
 * @param {{ file?: string, quiet?: boolean }} [options]  quiet: no line saying what was written
 */
export function ensureDevVars({ file = devVarsFile, quiet = false } = {}) {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const key = () => randomBytes(32).toString('base64');
  const fresh = {
    ENVIRONMENT: () => 'development',
    ADMIN_ROOT_KEY: () => `root_${randomBytes(32).toString('base64url')}`,
    DATA_KEYS: () => JSON.stringify({ k1: key() }),
    DATA_KEY_ID: () => 'k1',
    LOOKUP_KEY: key,
    DEMO_WEBHOOK_SECRET: () => randomBytes(24).toString('base64url'),
    RECEIPT_SIGNING_KEY: () => JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `local-${randomBytes(4).toString('hex')}` }),
  };
  const missing = Object.entries(fresh).filter(([name]) => !new RegExp(`^${name}=`, 'm').test(existing));
  if (missing.length === 0) return;
  appendFileSync(file, missing.map(([name, make]) => `${name}='${make()}'\n`).join(''), { mode: 0o600 });
  if (!quiet) console.log(`\n▸ Wrote local secrets to ${path.relative(root, file)}: ${missing.map(([name]) => name).join(', ')} (the root admin key is ADMIN_ROOT_KEY).`);
}

/** One value of an env file (worker/.dev.vars unless told). */
export function devVar(name, file = devVarsFile) {
  const match = new RegExp(`^${name}='([^']*)'`, 'm').exec(existsSync(file) ? readFileSync(file, 'utf8') : '');
  return match?.[1];
}

/** wrangler's arguments that apply the D1 migrations to the local database in `dir`. */
const migrateArgs = (dir) => ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir];
/** wrangler's arguments that seed the demo site into the local database in `dir`. */
const seedArgs = (dir) => ['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--file', 'worker/seed/demo.sql'];

/** Applies the D1 migrations to the local database. */
export function migrate({ quiet = false } = {}) {
  step('Apply D1 migrations (local)', bin('wrangler'), migrateArgs(stateDir), { quiet });
}

/** Seeds the demo site into the local database. */
export function seed() {
  step('Seed the demo site', bin('wrangler'), seedArgs(stateDir));
}

/**
 * Runs wrangler without blocking, its output kept, so independent preparation steps can overlap;
 * rejects with that output when it fails, where `step` would end the process.
 * @param {string} title  used in the error
 * @param {string[]} args
 * @returns {Promise<string>}  what it printed
 */
export function runWrangler(title, args) {
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
 * Applies the migrations and the demo seed to the fresh local database of a bench or harness
 * worker, as `npm start` does to its own.
 * @param {string} dir  its state directory
 */
export async function prepareDatabase(dir) {
  await runWrangler('Apply D1 migrations', migrateArgs(dir));
  await runWrangler('Seed the demo site', seedArgs(dir));
}

/**
 * The `wrangler dev` command line of a local worker, as `npm start` runs it unless told otherwise.
 * @param {object} options
 * @param {number} options.port
 * @param {string} [options.persistTo]  the local D1/R2 state (default: `stateDir`)
 * @param {string | null} [options.envFile]  the secrets (default worker/.dev.vars; null: none, as for a worker with its own --config)
 * @param {string[]} [options.extra]  more arguments: a prebuilt script, --config, --assets, --inspector-port …
 * @returns {string[]}
 */
export function devArgs({ port, persistTo = stateDir, envFile = 'worker/.dev.vars', extra = [] }) {
  return [
    'dev',
    ...extra,
    '--port',
    String(port),
    '--ip',
    'localhost',
    '--persist-to',
    persistTo,
    ...(envFile === null ? [] : ['--env-file', envFile]),
    // The issuer ledger checkpoints name: this worker's own origin, whatever port it runs on.
    '--var',
    `API_ORIGIN:http://localhost:${port}`,
    '--show-interactive-dev-session=false',
  ];
}

/** Starts `wrangler dev` on a port, as `npm start` runs it; returns the child process. */
export function startWorker(port, { stdio = 'inherit' } = {}) {
  return spawn(bin('wrangler'), devArgs({ port }), { cwd: root, env, stdio });
}

/** Whether something listens on `port` of localhost (a run that needs the port fails early and says so). */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: 'localhost' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Checks that the worker's per-client write limit is intact: 61 consent writes from one address
 * within a minute must end with exactly one refusal (429), the 61st. The bench and the load harness
 * give each virtual visitor an address of its own, so they measure the accepted path; this shows
 * they did so without switching the limit off.
 * @param {object} options
 * @param {string} options.api  the worker's origin
 * @param {string} options.siteId
 * @param {string} options.origin  an origin the site allows
 * @param {string} options.address  the one client address (CF-Connecting-IP)
 * @param {(n: number) => string} options.body  the n-th consent event, as JSON
 */
export async function checkWriteLimit({ api, siteId, origin, address, body }) {
  const statuses = [];
  for (let n = 0; n < 61; n += 1) {
    const res = await fetch(`${api}/v1/sites/${siteId}/consents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, 'CF-Connecting-IP': address },
      body: body(n),
    });
    statuses.push(res.status);
  }
  const accepted = statuses.filter((status) => status === 201).length;
  const refused = statuses.filter((status) => status === 429).length;
  return { fromOneAddress: statuses.length, accepted, refused, intact: accepted === 60 && refused === 1 && statuses[60] === 429 };
}

/** Whether something answers HTTP at `url`. */
export async function answers(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}
