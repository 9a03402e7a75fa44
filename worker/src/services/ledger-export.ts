import type { LedgerEntry } from '@novoaigen/consent-schema';
import { type LedgerFilter, listLedger } from '../db/consent-events.js';

/** Rows read from D1 per step of an export stream. */
export const EXPORT_BATCH_SIZE = 1000;

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

function line(entry: LedgerEntry, format: ExportFormat): string {
  return format === 'csv' ? `${CSV_COLUMNS.map((column) => csvCell(entry[column])).join(',')}\r\n` : `${JSON.stringify(entry)}\n`;
}

/**
 * The whole filtered ledger as a stream that reads D1 one batch at a time when the client pulls,
 * so an export of any size holds at most one batch in memory.
 */
export function ledgerExportStream(db: D1Database, siteId: string, filter: LedgerFilter, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterSeq = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
      },
      async pull(controller) {
        const rows = await listLedger(db, siteId, filter, afterSeq, EXPORT_BATCH_SIZE);
        if (rows.length > 0) {
          afterSeq = rows[rows.length - 1]!.seq;
          controller.enqueue(encoder.encode(rows.map(({ seq: _seq, ...entry }) => line(entry, format)).join('')));
        }
        if (rows.length < EXPORT_BATCH_SIZE) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
