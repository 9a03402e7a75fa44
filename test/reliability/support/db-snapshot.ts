import { env } from 'cloudflare:test';

/** Per table: row count and a SHA-256 over every row (order-independent). */
export type Snapshot = Map<string, { rows: number; digest: string }>;

/** SQLite's, D1's and the migration runner's own tables: not the product's data. */
const INTERNAL = /^(sqlite_|_cf_|d1_migrations$)/;

interface ProductTable {
  name: string;
  /** The column naming the site a row belongs to, if the table has one. */
  siteColumn: string | null;
}

/** The product's tables, read from the schema itself, so a table a new migration adds is covered too. */
async function readProductTables(): Promise<ProductTable[]> {
  const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all<{ name: string }>();
  const tables = results.map((row) => row.name).filter((name) => !INTERNAL.test(name));
  return Promise.all(
    tables.map(async (name) => {
      const columns = (await env.DB.prepare(`SELECT name FROM pragma_table_info(?)`).bind(name).all<{ name: string }>()).results.map((column) => column.name);
      return { name, siteColumn: name === 'sites' ? 'id' : columns.includes('site_id') ? 'site_id' : null };
    }),
  );
}

// The schema is fixed once the migrations ran (before any test), so it is read once per test file.
let tables: Promise<ProductTable[]> | undefined;
const productTables = () => (tables ??= readProductTables());

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

async function digest(rows: unknown[]): Promise<string> {
  const lines = rows.map((row) => JSON.stringify(row)).sort();
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(lines.join('\n'))));
}

/**
 * The head of every ledger shard of the given sites (all sites when `siteIds` is undefined): an
 * append moves its position and hash, a removal its count, so any change to a shard shows without
 * reading its rows.
 */
async function ledgerHeads(siteIds: string[] | undefined): Promise<unknown[]> {
  const { results } = await env.DB.prepare('SELECT id, ledger_shard_history FROM sites WHERE ?1 IS NULL OR id IN (SELECT value FROM json_each(?1))')
    .bind(siteIds === undefined ? null : JSON.stringify(siteIds))
    .all<{ id: string; ledger_shard_history: string }>();
  const names = results.flatMap((site) => Array.from({ length: Math.max(...(JSON.parse(site.ledger_shard_history) as number[])) }, (_, index) => `${site.id}:${index}`));
  return Promise.all(names.map(async (name) => ({ name, head: await env.LEDGER.get(env.LEDGER.idFromName(name)).head() })));
}

/**
 * Every row of every product table (or, with `siteId`, of the tables that belong to sites, only
 * that site's rows), plus the heads of the ledger's Durable Object shards and the answer packages
 * in R2: one D1 batch and a call per shard, so taking it is cheap enough to do around every fuzz
 * case. The shards are those of `siteId`, else of `ledgerSites`, else of every site (a call to
 * each: with many sites, name the ones a request can reach).
 */
export async function snapshot(siteId?: string, ledgerSites?: string[]): Promise<Snapshot> {
  const selected = (await productTables()).filter((table) => siteId === undefined || table.siteColumn !== null);
  // Table and column names come from sqlite_master, never from a request.
  const statements = selected.map((table) =>
    siteId === undefined ? env.DB.prepare(`SELECT * FROM "${table.name}"`) : env.DB.prepare(`SELECT * FROM "${table.name}" WHERE "${table.siteColumn}" = ?`).bind(siteId),
  );
  const results = await env.DB.batch(statements);
  const snap: Snapshot = new Map();
  for (const [index, table] of selected.entries()) {
    const rows = results[index]?.results ?? [];
    snap.set(table.name, { rows: rows.length, digest: await digest(rows) });
  }
  const ledger = await ledgerHeads(siteId === undefined ? ledgerSites : [siteId]);
  snap.set('do:LEDGER', { rows: ledger.length, digest: await digest(ledger) });
  const objects = (await env.RESPONSES.list({ prefix: siteId === undefined ? undefined : `${siteId}/` })).objects.map((object) => `${object.key} ${object.etag}`);
  snap.set('r2:RESPONSES', { rows: objects.length, digest: await digest(objects) });
  return snap;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name)?.digest !== after.get(name)?.digest).sort();
}
