import { inject } from 'vitest';
import type { ReliabilityScale } from '../define-config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/reliability/vitest.config.ts (bounded) or vitest.stress.config.ts (stress). */
    reliabilityScale: ReliabilityScale;
    /** `FUZZ_SEED` from the environment, to replay a failing run; empty for a random seed. */
    fuzzSeed: string;
  }
}

/** The sizes of one run of the suite. */
export interface Scale {
  name: ReliabilityScale;
  /** Fuzz cases over all routes together; each route gets an equal share, at least `minCasesPerRoute`. */
  fuzzCases: number;
  minCasesPerRoute: number;
  /** Generated strings checked directly against the CSV cell encoder. */
  csvCells: number;
}

const SCALES: Record<ReliabilityScale, Scale> = {
  // Inside `npm test`: enough to exercise every route and body kind, in well under a minute.
  bounded: { name: 'bounded', fuzzCases: 400, minCasesPerRoute: 12, csvCells: 500 },
  // `npm run test:stress`: the figure the issue asks for (at least 5 000 cases).
  stress: { name: 'stress', fuzzCases: 6000, minCasesPerRoute: 120, csvCells: 20_000 },
};

/** The scale the current vitest config asked for (bounded when none did). */
export function runScale(): Scale {
  return SCALES[inject('reliabilityScale') ?? 'bounded'];
}

/**
 * The seed of this run: random unless `FUZZ_SEED=…` was set, so a failure can be replayed (fast-check
 * prints the seed and the shrunk counterexample with every failure).
 */
export function fuzzSeed(): number | undefined {
  const seed = inject('fuzzSeed');
  return seed ? Number(seed) : undefined;
}
