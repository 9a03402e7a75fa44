import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Newest modification time of the files under `target` (tests and node_modules excluded), or of `target` itself when it is a file; 0 when it does not exist. */
export function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(target, { withFileTypes: true })
      .filter((entry) => entry.name !== 'node_modules' && !/\.test\.[^.]+$/.test(entry.name))
      .map((entry) => newest(path.join(target, entry.name))),
  );
}
