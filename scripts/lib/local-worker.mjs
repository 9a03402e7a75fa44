// The pieces of running the worker locally, shared by `npm start` and `npm run site`.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const stateDir = process.env.NOVO_STATE_DIR ?? path.join(root, '.wrangler/state');
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
 * Local Worker secrets, random per checkout, in worker/.dev.vars. Missing ones are added; existing
 * ones are kept, so local data stays readable.
 */
export function ensureDevVars() {
  const existing = existsSync(devVarsFile) ? readFileSync(devVarsFile, 'utf8') : '';
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
  appendFileSync(devVarsFile, missing.map(([name, make]) => `${name}='${make()}'\n`).join(''), { mode: 0o600 });
  console.log(`\n▸ Wrote local secrets to worker/.dev.vars: ${missing.map(([name]) => name).join(', ')} (the root admin key is ADMIN_ROOT_KEY).`);
}

/** One value of worker/.dev.vars. */
export function devVar(name) {
  const match = new RegExp(`^${name}='([^']*)'`, 'm').exec(existsSync(devVarsFile) ? readFileSync(devVarsFile, 'utf8') : '');
  return match?.[1];
}

/** Applies the D1 migrations to the local database. */
export function migrate({ quiet = false } = {}) {
  step('Apply D1 migrations (local)', bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], { quiet });
}

/** Starts `wrangler dev` on a port; resolves to the child process once it answers. */
export function startWorker(port, { stdio = 'inherit' } = {}) {
  return spawn(bin('wrangler'), ['dev', '--port', String(port), '--ip', 'localhost', '--persist-to', stateDir, '--env-file', 'worker/.dev.vars', '--show-interactive-dev-session=false'], {
    cwd: root,
    env,
    stdio,
  });
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
