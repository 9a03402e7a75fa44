import { request } from '../../../worker/test/fixtures.js';
import { checkAnswer, ContractViolation } from './answer-check.js';
import { changedTables, snapshot } from './db-snapshot.js';
import type { FuzzFigures } from './figures.js';
import { describeCase, type FuzzCase } from './fuzz-request.js';

/**
 * The only refusals that may write, and what: a wrong verification or download code is counted
 * (`code_attempts`, and a history entry) before it is refused, or the five-try limit could be
 * bypassed; the fifth wrong try also clears the code.
 */
const WRITES_ON_REFUSAL: Record<string, readonly string[]> = {
  invalid_code: ['rights_request_history', 'rights_requests'],
  verification_locked: ['rights_request_history', 'rights_requests'],
};

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Sends one case to the worker (in workerd, on the real local D1) and checks it: the error contract
 * for the answer, and for every refusal an unchanged database, every product table compared row by
 * row, answer packages in R2 included.
 */
export async function runCase(c: FuzzCase, figures: FuzzFigures): Promise<void> {
  // Every table, and the ledger of each site the request names (the only ledgers it can reach).
  const sites = [...c.url.matchAll(/\/sites\/([^/?#]+)/g)].map(([, id]) => safeDecode(id!));
  const before = await snapshot(undefined, sites);
  const res = await request(c.url, { method: c.method, headers: c.headers, body: c.body, origin: null });
  const status = res.status;
  let verdict;
  try {
    verdict = await checkAnswer(res, c.method);
  } catch (error) {
    figures.record(c.route, status, undefined, c.bodyKind);
    throw new ContractViolation(`${describeCase(c)}: ${(error as Error).message}`);
  }
  figures.record(c.route, status, verdict.code, c.bodyKind);
  if (status < 400) return;
  const changed = changedTables(before, await snapshot(undefined, sites));
  const allowed = WRITES_ON_REFUSAL[verdict.code ?? ''] ?? [];
  const unexpected = changed.filter((table) => !allowed.includes(table));
  if (unexpected.length > 0) throw new ContractViolation(`${describeCase(c)}: refused with ${status} ${verdict.code} but changed ${unexpected.join(', ')}`);
  if (changed.length === 0) figures.refusedUnchanged += 1;
  else figures.refusedWithCountedTry += 1;
}
