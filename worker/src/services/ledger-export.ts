import type { LedgerEntry } from '@novoaigen/consent-schema';
import type { Site } from '../db/sites.js';
import type { Bindings } from '../env.js';
import type { ChainedEntry } from '../ledger/chain.js';
import { type LedgerFilter, ledgerEntry, ledgerRows } from '../ledger/ledger.js';

export type ExportFormat = 'csv' | 'jsonl';

const CSV_COLUMNS = [
  'receiptId',
  'eventId',
  'subjectId',
  'recordedAt',
  'occurredAt',
  'method',
  'categories',
  'revision',
  'configVersion',
  'noticeVersion',
  'gpc',
  'locale',
  'country',
  'region',
  'regime',
  'userAgent',
  'payloadHash',
  'wordingHash',
] as const satisfies readonly (keyof LedgerEntry)[];

/**
 * Text a spreadsheet may read as a formula: `=`, `+`, `-` or `@` first, also in their full-width
 * forms (which some spreadsheet locales fold to ASCII) and also behind leading whitespace, control
 * or invisible format characters (which imports may trim); or a tab, CR or LF first.
 */
const FORMULA_LIKE = /^[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/u;

/**
 * One CSV cell. Formula-like text (above) is prefixed with `'`, so opening an export never runs
 * what a visitor's browser sent (the user agent, ids).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_LIKE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV row of the admin API's columns, or a JSONL line with the chain fields a verifier checks (see ledger/chain.ts). */
function line(row: ChainedEntry, format: ExportFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(row)}\n`;
  const entry = ledgerEntry(row);
  return `${CSV_COLUMNS.map((column) => csvCell(entry[column])).join(',')}\r\n`;
}

/**
 * The whole filtered ledger as a stream that reads the shards one batch at a time when the client
 * pulls, so an export of any size holds at most one batch per shard in memory.
 */
export function ledgerExportStream(env: Bindings, site: Site, filter: LedgerFilter, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = ledgerRows(env, site, filter);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map((row) => line(row, format)).join('')));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
