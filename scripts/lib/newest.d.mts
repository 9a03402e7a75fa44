// Types for the TypeScript tests that use scripts/lib/newest.mjs.

/** Newest modification time of the files under `target` (tests and node_modules excluded), or of `target` itself when it is a file; 0 when it does not exist. */
export function newest(target: string): number;
