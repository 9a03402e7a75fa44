import { listUnboundValues } from '../db/sealed-values.js';
import type { Bindings } from '../env.js';
import { DataCipher, SealedValueError } from '../security/data-cipher.js';

/** Values moved per run: a run stays well inside a Cron invocation's limits, and a backlog drains over successive runs. */
const RESEAL_BATCH = 200;

/**
 * Moves values of the first format (sealed without associated data, by releases before the
 * encryption context) to the current one, bound to their table, column, site and row, under the
 * current key. Run by the quarter-hourly Cron Trigger; idempotent (a moved value is not selected
 * again) and safe beside live writes (each update applies only if the value is still the one read).
 * Returns how many were rewritten.
 */
export async function resealUnboundValues(env: Bindings, limit = RESEAL_BATCH): Promise<number> {
  const cipher = new DataCipher(env);
  const values = await listUnboundValues(env.DB, limit);
  const statements: D1PreparedStatement[] = [];
  for (const value of values) {
    try {
      statements.push(value.replace(env.DB, await cipher.encrypt(await cipher.decrypt(value.sealed, value.context), value.context)));
    } catch (error) {
      // A value whose key is gone stays as it is, for an operator to look into; the others move on.
      if (!(error instanceof SealedValueError)) throw error;
      console.error(`re-sealing skipped: ${error.message}`);
    }
  }
  if (statements.length > 0) await env.DB.batch(statements);
  return statements.length;
}
