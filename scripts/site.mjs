// `npm run site -- …`: create and update sites, and mint keys, through the admin API with the root key.
// Locally it uses the running worker (npm start), or starts one for the duration of the command;
// with --remote it calls the deployed worker at NOVO_API_URL with NOVO_ROOT_KEY.
import { parseArgs } from 'node:util';
import { answers, devVar, ensureDevVars, migrate, startWorker } from './lib/local-worker.mjs';

const USAGE = `Usage:
  npm run site -- create --name "Acme Shop" --origin https://acme.example [--origin …] [--id acme-shop]
                         [--ledger-shards 1] [--writes-per-minute 100000]
  npm run site -- update <siteId> [--name …] [--origin …]… [--deadline-days 30]
                         [--ledger-shards N (may only grow)] [--writes-per-minute N]
                         [--consent-retention-months 12] [--request-retention-months 12] [--audit-retention-years 7]
                         [--privacy-email privacy@acme.example] [--webhook-url https://…] [--webhook-secret …]
  npm run site -- key <siteId> --role viewer|operator|admin
  npm run site -- show <siteId>

Add --remote to act on the deployed worker: set NOVO_API_URL (its origin) and NOVO_ROOT_KEY (its ADMIN_ROOT_KEY).`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    id: { type: 'string' },
    role: { type: 'string' },
    'deadline-days': { type: 'string' },
    'consent-retention-months': { type: 'string' },
    'request-retention-months': { type: 'string' },
    'audit-retention-years': { type: 'string' },
    'privacy-email': { type: 'string' },
    'webhook-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    'ledger-shards': { type: 'string' },
    'writes-per-minute': { type: 'string' },
    remote: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const [command, siteId] = positionals;
if (flags.help || !command) {
  console.log(USAGE);
  process.exit(flags.help ? 0 : 2);
}

const number = (value) => (value === undefined ? undefined : Number(value));
const defined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/** Ledger settings, the same flags for create and update. */
const ledger = () => ({ ledgerShards: number(flags['ledger-shards']), writesPerMinute: number(flags['writes-per-minute']) });

/** The request the command stands for. */
function requestFor() {
  switch (command) {
    case 'create':
      return { method: 'POST', path: '/v1/admin/sites', body: defined({ name: flags.name, origins: flags.origin, siteId: flags.id, ...ledger() }) };
    case 'update': {
      const retention = defined({
        consentMonths: number(flags['consent-retention-months']),
        requestMonths: number(flags['request-retention-months']),
        auditYears: number(flags['audit-retention-years']),
      });
      const forwarding = defined({ privacyEmail: flags['privacy-email'], webhookUrl: flags['webhook-url'], webhookSecret: flags['webhook-secret'] });
      const body = defined({
        name: flags.name,
        origins: flags.origin,
        deadlineDays: number(flags['deadline-days']),
        retention: Object.keys(retention).length ? retention : undefined,
        forwarding: Object.keys(forwarding).length ? forwarding : undefined,
        ...ledger(),
      });
      return { method: 'PATCH', path: `/v1/admin/sites/${encodeURIComponent(siteId ?? '')}`, body };
    }
    case 'key':
      return { method: 'POST', path: `/v1/admin/sites/${encodeURIComponent(siteId ?? '')}/keys`, body: { role: flags.role } };
    case 'show':
      return { method: 'GET', path: `/v1/admin/sites/${encodeURIComponent(siteId ?? '')}` };
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      process.exit(2);
  }
}

async function withApi(run) {
  if (flags.remote) {
    const api = process.env.NOVO_API_URL;
    const rootKey = process.env.NOVO_ROOT_KEY;
    if (!api || !rootKey) {
      console.error('--remote needs NOVO_API_URL and NOVO_ROOT_KEY in the environment.');
      process.exit(2);
    }
    return run(api.replace(/\/+$/, ''), rootKey);
  }
  ensureDevVars();
  const rootKey = devVar('ADMIN_ROOT_KEY');
  if (await answers('http://localhost:8787/v1/openapi.json')) return run('http://localhost:8787', rootKey);
  // No local worker running: start one on a side port just for this command.
  migrate({ quiet: true });
  const port = 8797;
  const worker = startWorker(port, { stdio: 'ignore' });
  try {
    const deadline = Date.now() + 60_000;
    while (!(await answers(`http://localhost:${port}/v1/openapi.json`))) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error('the local worker did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return await run(`http://localhost:${port}`, rootKey);
  } finally {
    worker.kill('SIGTERM');
  }
}

const { method, path, body } = requestFor();
await withApi(async (api, rootKey) => {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${rootKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    console.error(`✖ ${answer.error?.code ?? res.status}: ${answer.error?.message ?? res.statusText}`);
    for (const issue of answer.error?.issues ?? []) console.error(`  - ${issue.path}: ${issue.message}`);
    process.exitCode = 1;
    return;
  }
  if (command === 'create') {
    console.log(`Site created: ${answer.siteId}\n`);
    console.log(`Admin key (shown once; store it in your password manager now):\n  ${answer.adminKey}\n`);
    // Locally the command may have used a side port; the site's visitors reach the worker on 8787.
    const publicApi = flags.remote ? api : 'http://localhost:8787';
    console.log(`Script tag:\n  <script src="${publicApi}/novo-consent.js" data-site="${answer.siteId}" data-api="${publicApi}" defer></script>`);
  } else if (command === 'key') {
    console.log(`New ${answer.role} key for ${siteId} (shown once):\n  ${answer.key}`);
  } else {
    console.log(JSON.stringify(answer, null, 2));
  }
});
