// The fault of the worker-restart harness: the worker process is killed without warning (SIGKILL,
// as a crash or an evicted machine would) at random moments, stays down a while, and comes back on
// the same local state.
import { log } from './run.mjs';
import { sleep } from '../../../../scripts/lib/processes.mjs';

/** A whole number of milliseconds in [min, max). */
const between = (random, [min, max]) => Math.round(min + random() * (max - min));

/**
 * Crashes and restarts the worker `cycles` times; resolves with the worker up again.
 * @param {import('./local-worker.mjs').LocalWorker} worker
 * @param {object} schedule
 * @param {number} schedule.cycles
 * @param {[number, number]} schedule.upMs  how long it runs between crashes
 * @param {[number, number]} schedule.downMs  how long it stays down
 * @param {() => number} random
 * @returns {Promise<{ crashes: number, downMs: number, restartMs: number }>}
 */
export async function crashAndRestart(worker, { cycles, upMs, downMs }, random) {
  const figures = { crashes: 0, downMs: 0, restartMs: 0 };
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    await sleep(between(random, upMs));
    const down = between(random, downMs);
    log(`crash ${cycle}/${cycles}: worker killed (SIGKILL), down for ${(down / 1000).toFixed(1)} s`);
    const crashedAt = Date.now();
    await worker.stop({ crash: true });
    figures.crashes += 1;
    await sleep(down);
    const restartAt = Date.now();
    await worker.start();
    figures.restartMs += Date.now() - restartAt;
    figures.downMs += Date.now() - crashedAt;
    log(`crash ${cycle}/${cycles}: worker answering again after ${((Date.now() - crashedAt) / 1000).toFixed(1)} s`);
  }
  return figures;
}
