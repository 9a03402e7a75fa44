// What every harness shares: its command line, a seeded random source (so a failing run can be
// replayed with --seed), the figures it prints, and the promises it checks: any broken promise makes
// the process exit non-zero.
import { parseArgs } from 'node:util';
import { stopAll } from '../../../../scripts/lib/processes.mjs';

/**
 * The harness's options: `--stress` for the full size (a bounded quick run otherwise), `--seed N`,
 * and any boolean flags of its own (`extraFlags`, default false).
 * @param {string[]} [extraFlags]
 * @returns {{ stress: boolean, seed: number } & Record<string, boolean>}
 */
export function harnessOptions(extraFlags = []) {
  const flags = Object.fromEntries(['stress', ...extraFlags].map((name) => [name, { type: 'boolean', default: false }]));
  const { values } = parseArgs({ options: { ...flags, seed: { type: 'string' } }, strict: true });
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed takes an integer');
  return { ...values, seed };
}

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same faults and choices.
 * @param {number} seed
 * @returns {() => number}  uniform in [0, 1)
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Prints a timestamped progress line (seconds since the harness started). */
const started = Date.now();
export function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

/**
 * The figures and promises of one run.
 * @param {string} title
 */
export function report(title) {
  /** @type {Array<[string, string | number]>} */
  const figures = [];
  /** @type {Array<{ promise: string, kept: boolean, detail: string }>} */
  const promises = [];
  return {
    /** Records a figure to print. */
    figure(name, value) {
      figures.push([name, value]);
    },
    /** Records whether a promise held, with the evidence. */
    promise(promise, kept, detail = '') {
      promises.push({ promise, kept, detail });
    },
    /** Prints everything; returns the exit code (1 when a promise broke). */
    print() {
      console.log(`\n${title}`);
      const width = Math.max(...figures.map(([name]) => name.length));
      for (const [name, value] of figures) console.log(`  ${name.padEnd(width)}  ${value}`);
      console.log('');
      for (const { promise, kept, detail } of promises) console.log(`  ${kept ? '✔' : '✖'} ${promise}${detail ? ` (${detail})` : ''}`);
      const broken = promises.filter((p) => !p.kept).length;
      console.log(`\n${title}: ${promises.length - broken} promises kept, ${broken} broken`);
      return broken === 0 ? 0 : 1;
    },
  };
}

/**
 * Runs a harness's main function: exits with its code, or 1 (with the error) when it throws; the
 * services it started are stopped either way.
 * @param {() => Promise<number>} main
 */
export function runHarness(main) {
  main().then(
    async (code) => {
      await stopAll();
      process.exit(code);
    },
    async (error) => {
      console.error(`\n✖ ${error?.stack ?? error}`);
      await stopAll();
      process.exit(1);
    },
  );
}
