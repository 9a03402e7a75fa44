// The servers the bench starts for itself. Each child runs in its own process group (wrangler dev
// starts workerd under it), and every group is stopped when the bench ends: normally, on an error,
// on Ctrl+C, or through process.exit() in a helper.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
/** @type {string[]} */
const tempDirs = [];

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Synchronous, so it also works from the 'exit' event: signals every group and removes temp dirs. */
function stopNow() {
  for (const child of running) signalGroup(child, 'SIGTERM');
  running.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', stopNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n✖ bench interrupted (${signal}): stopping its servers`);
    process.exit(130);
  });
}

/**
 * A long-running child process in its own process group, with the tail of its output kept for
 * error messages.
 * @typedef {object} Service
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output  the last 20,000 characters it printed
 * @property {(listener: (text: string) => void) => () => void} onOutput  follows its output; returns an unsubscribe function
 */

/**
 * Starts `command` as a service of the bench.
 * @param {string} name  used in messages
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @returns {Service}
 */
export function startService(name, command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
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
    output: () => tail,
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Registers a temporary directory to delete once the services are stopped. */
export function removeOnExit(dir) {
  tempDirs.push(dir);
}

/**
 * Stops every service and waits (at most 10 s) until they are gone, so their state directories can
 * be removed safely.
 */
export async function stopServices() {
  const children = [...running];
  const exited = children.map((child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve))));
  for (const child of children) signalGroup(child, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([Promise.all(exited), timeout]);
  for (const child of children) signalGroup(child, 'SIGKILL');
  stopNow();
}

/**
 * Resolves once `url` answers 2xx; fails with the service's output if it exits first or if
 * `timeoutMs` passes.
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
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${service.output()}`);
}
