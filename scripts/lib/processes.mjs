// Child processes and temporary directories of one run of the bench or of a reliability harness.
// Every child runs in its own process group (wrangler dev starts workerd under it), so stopping it
// stops the whole tree; everything is stopped and removed when the run ends: normally, on an error,
// on Ctrl+C, or on process.exit() in a helper. `npm start` does not use it: it stops its own children
// and must not exit at the first Ctrl+C.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
/** @type {string[]} */
const tempDirs = [];
/** @type {Array<() => void>} */
const cleanups = [];

/** Signals a child's whole process group; a group that is already gone is fine. */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Synchronous, so it also runs from the 'exit' event: kills every group, then removes the temp dirs. */
function cleanUpNow() {
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is ending.
    }
  }
  for (const child of running) signalGroup(child, 'SIGKILL');
  running.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n✖ interrupted (${signal}): stopping everything this run started`);
    process.exit(130);
  });
}

/** Registers a synchronous clean-up step (closing a browser, a server) for the end of the run. */
export function onCleanup(cleanup) {
  cleanups.push(cleanup);
}

/**
 * A fresh temporary directory, removed when the run ends (after the services using it are stopped).
 * @param {string} prefix
 * @returns {string}
 */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `novo-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/**
 * A long-running child in its own process group, with the tail of its output kept for messages.
 * @typedef {object} Service
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<void>} exited  resolves when the process has exited
 * @property {() => string} output  the last 20,000 characters it printed
 * @property {(listener: (text: string) => void) => () => void} onOutput  follows its output; returns an unsubscribe function
 */

/**
 * Starts a service.
 * @param {string} name  used in messages
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @returns {Service}
 */
export function startService(name, command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let tail = '';
  const listeners = new Set();
  const collect = (chunk) => {
    const text = String(chunk);
    tail = (tail + text).slice(-20_000);
    for (const listener of listeners) listener(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    name,
    child,
    exited,
    output: () => tail,
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Stops one service's process group: SIGKILL at once (a crash), or SIGTERM with SIGKILL after 10 s.
 * Resolves once the process has exited.
 * @param {Service} service
 * @param {{ crash?: boolean }} [options]
 */
export async function stopService(service, { crash = false } = {}) {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  signalGroup(service.child, crash ? 'SIGKILL' : 'SIGTERM');
  const timer = setTimeout(() => signalGroup(service.child, 'SIGKILL'), 10_000);
  await service.exited;
  clearTimeout(timer);
  // workerd may outlive wrangler by a moment when wrangler was the one signalled.
  signalGroup(service.child, 'SIGKILL');
}

/**
 * Stops every running service (SIGTERM, then SIGKILL after 10 s) and waits until they are gone, so
 * their state directories can be removed safely; then runs the clean-up steps and removes the temp
 * dirs. Safe to call more than once.
 */
export async function stopAll() {
  const children = [...running];
  const exited = children.map((child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve))));
  for (const child of children) signalGroup(child, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([Promise.all(exited), timeout]);
  // workerd may outlive wrangler by a moment, and an exited child has left `running`.
  for (const child of children) signalGroup(child, 'SIGKILL');
  cleanUpNow();
}

/**
 * Resolves once `url` answers 2xx; fails with the service's output if it exits first or after `timeoutMs`.
 * @param {string} url
 * @param {Service} service
 * @param {number} [timeoutMs]
 */
export async function waitUntilAnswering(url, service, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode}:\n${service.output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${service.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${service.output()}`);
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
