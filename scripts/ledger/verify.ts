import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import type { PublicJwk } from '../../worker/src/security/receipt-signer.js';
import { type LedgerPurge, verifyLedger } from '../../worker/src/ledger/verify-chain.js';

const USAGE = `Checks a ledger export against the signed checkpoints and the issuer's published keys.

  npm run ledger:verify -- export.jsonl --checkpoints checkpoints.json --jwks jwks.json --issuer https://API_ORIGIN
  npm run ledger:verify -- [export.jsonl] --api https://API_ORIGIN --site SITE_ID --key ADMIN_KEY

checkpoints.json is the answer of GET /v1/admin/sites/SITE_ID/ledger/checkpoints. --jwks may be a
file or the issuer's own https://API_ORIGIN/.well-known/jwks.json; keys from anywhere else are refused.
With --api, what is not given as a file is fetched: the checkpoints first, then the export, so every
checkpoint is older than the rows it is checked against. Exit code 0 when the ledger verifies, 1 when
it does not, 2 on a usage or fetch error.`;

interface CheckpointList {
  checkpoints: { jws: string }[];
  purges: LedgerPurge[];
}

class UsageError extends Error {}

export async function main(args: string[]): Promise<number> {
  try {
    return await run(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { checkpoints: { type: 'string' }, jwks: { type: 'string' }, issuer: { type: 'string' }, api: { type: 'string' }, site: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const api = values.api === undefined ? null : origin(values.api, '--api');
  const issuer = values.issuer === undefined ? api : origin(values.issuer, '--issuer');
  if (!issuer) throw new UsageError('Name the issuer to trust: --issuer https://API_ORIGIN (or --api).');
  if (api && api !== issuer) throw new UsageError(`--api ${api} is not the pinned issuer ${issuer}.`);
  const admin = api && values.site && values.key ? { api, site: values.site, key: values.key } : null;
  const exportFile = positionals[0];
  if (positionals.length > 1) throw new UsageError('Give one export file.');
  if ((!values.checkpoints || !exportFile) && !admin) throw new UsageError('Give the export and --checkpoints files, or --api, --site and --key to fetch them.');

  const jwks = (await readJson(values.jwks ?? `${issuer}/.well-known/jwks.json`, issuer)) as { keys: PublicJwk[] };
  const list = (values.checkpoints ? await readJson(values.checkpoints, issuer) : await fetchJson(`${admin!.api}/v1/admin/sites/${encodeURIComponent(admin!.site)}/ledger/checkpoints`, admin!.key)) as CheckpointList;
  const lines = exportFile ? createReadStream(exportFile) : await fetchExport(admin!);
  const result = await verifyLedger(jsonLines(lines), { checkpoints: list.checkpoints.map((checkpoint) => checkpoint.jws), purges: list.purges, jwks, issuer });
  if (!result.ok) {
    const { failure } = result;
    const where = [failure.row !== null && `row ${failure.row}`, failure.siteId !== null && `site ${failure.siteId}`, failure.shard !== null && `shard ${failure.shard}`, failure.position !== null && `position ${failure.position}`, failure.eventId !== null && `event ${failure.eventId}`].filter(Boolean).join(', ');
    console.log(`FAIL (${where}): ${failure.reason}`);
    return 1;
  }
  const gaps = result.shards.reduce((sum, shard) => sum + shard.purgedGaps.length, 0);
  console.log(`OK: ${result.rows} rows in ${result.shards.length} shard(s), ${result.checkpoints} checkpoint(s) verified, ${gaps} purged gap(s) accounted for by purge records.`);
  for (const shard of result.shards) {
    const purged = shard.purgedGaps.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(', ');
    console.log(`  ${shard.siteId} shard ${shard.shard}: ${shard.rows} rows up to position ${shard.lastPosition}, ${shard.checkpoints} checkpoint(s)${purged ? `, purged: ${purged}` : ''}`);
  }
  return 0;
}

function origin(value: string, flag: string): string {
  try {
    const url = new URL(value);
    if (url.pathname !== '/' || url.search || url.hash) throw new UsageError(`${flag} takes an origin only (https://host[:port]), not ${value}.`);
    return url.origin;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${flag} is not a URL: ${value}`);
  }
}

/** A file, or a URL on the pinned issuer's origin: keys published anywhere else are not the issuer's. */
async function readJson(source: string, issuer: string): Promise<unknown> {
  if (!/^https?:\/\//.test(source)) return JSON.parse(await readFile(source, 'utf8'));
  if (new URL(source).origin !== issuer) throw new UsageError(`${source} is not on the pinned issuer ${issuer}; refusing keys or checkpoints from elsewhere.`);
  return fetchJson(source, null);
}

async function fetchJson(url: string, key: string | null): Promise<unknown> {
  const response = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (!response.ok) throw new UsageError(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function fetchExport(admin: { api: string; site: string; key: string }): Promise<Readable> {
  const url = `${admin.api}/v1/admin/sites/${encodeURIComponent(admin.site)}/consents?format=jsonl`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${admin.key}` } });
  if (!response.ok || !response.body) throw new UsageError(`${url} answered ${response.status}: ${await response.text()}`);
  // The same stream at run time; the DOM and Node typings merely describe it twice.
  return Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
}

/** Parsed rows one line at a time; a line that is not JSON reaches the verifier as text, which names its row. */
async function* jsonLines(input: Readable): AsyncGenerator<unknown> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line);
    } catch {
      yield line;
    }
  }
}
