import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portInUse } from '../../scripts/lib/local-worker.mjs';
import { API_ORIGIN, DEMO_ORIGIN, WEBHOOK_ORIGIN } from './env.js';

const root = path.resolve(import.meta.dirname, '../..');

async function waitFor(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer in time`);
}

/**
 * Runs the product exactly as `npm start` does, on the contract ports, with a fresh local D1
 * database so every run starts from an empty ledger.
 */
export default async function setup() {
  for (const port of [8787, 8080, 8790]) {
    if (await portInUse(port)) throw new Error(`port ${port} is in use: stop \`npm start\` (or whatever holds it) before running the end-to-end tests`);
  }
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'novo-e2e-'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, NOVO_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  try {
    const deadline = Date.now() + 150_000;
    await waitFor(`${API_ORIGIN}/v1/sites/demo/config`, child, deadline);
    await waitFor(`${DEMO_ORIGIN}/`, child, deadline);
    await waitFor(`${WEBHOOK_ORIGIN}/deliveries`, child, deadline);
  } catch (error) {
    console.error(output);
    throw error;
  }
  return () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  };
}
