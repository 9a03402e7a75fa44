// Types for the TypeScript tests that use scripts/lib/local-worker.mjs (the module itself is plain
// JavaScript with JSDoc, run by Node as it is). Only what those tests import is declared.

/** One value of an env file of the local worker (default: worker/.dev.vars, written by `npm start`). */
export function devVar(name: string, file?: string): string | undefined;

/** Whether something listens on `port` of localhost. */
export function portInUse(port: number): Promise<boolean>;
