import { parseArgs } from 'node:util';
import { devVar } from '../lib/local-worker.mjs';

const USAGE = `Moves the D1 consent ledger (consent_events) of every site into the ledger shards, one step
per request to POST /v1/admin/ledger/migrate, until nothing is left; then prints, per site, the D1
rows beside the rows its shards hold.

  npm run ledger:migrate -- --local                                  (npm start's worker, its root key)
  npm run ledger:migrate -- --api https://API_ORIGIN --key ROOT_KEY  (a deployed worker)
  options: --step N   rows per request (1–2000, default 500)

Safe to stop and run again: each step skips event ids a shard already holds, and the cursor only
moves after a step is done. Exit code 0 when every site's shards hold at least its D1 rows.`;

interface Step {
  read: number;
  imported: number;
  skipped: number;
  lastSeq: number;
  remaining: number;
}

interface Status {
  lastSeq: number;
  remaining: number;
  sites: { siteId: string; d1Rows: number; shardRows: { shard: number; count: number; position: number }[] }[];
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { local: { type: 'boolean' }, api: { type: 'string' }, key: { type: 'string' }, step: { type: 'string' }, help: { type: 'boolean' } } });
  const api = values.local ? 'http://localhost:8787' : values.api;
  const key = values.local ? devVar('ADMIN_ROOT_KEY') : values.key;
  const step = Number(values.step ?? 500);
  if (values.help || !api || !key || !Number.isInteger(step)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const call = async <T>(method: 'GET' | 'POST', body?: unknown): Promise<T> => {
    const response = await fetch(`${new URL(api).origin}/v1/admin/ledger/migrate`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /v1/admin/ledger/migrate answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  let moved = 0;
  for (;;) {
    const result = await call<Step>('POST', { limit: step });
    moved += result.imported;
    console.log(`seq ≤ ${result.lastSeq}: ${result.imported} imported, ${result.skipped} already there, ${result.remaining} left`);
    if (result.remaining === 0) break;
  }
  const status = await call<Status>('GET');
  let short = 0;
  for (const site of status.sites) {
    const held = site.shardRows.reduce((sum, shard) => sum + shard.count, 0);
    if (held < site.d1Rows) short += 1;
    console.log(`${site.siteId}: D1 ${site.d1Rows} rows, shards ${held} (${site.shardRows.map((shard) => `#${shard.shard}: ${shard.count}`).join(', ')})${held < site.d1Rows ? '  ← fewer than D1' : ''}`);
  }
  console.log(`${moved} rows imported in this run. Verify each site's chain with npm run ledger:verify.`);
  return short === 0 ? 0 : 1;
}
