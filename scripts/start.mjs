// `npm start`: installs what is missing, builds the SDK, applies the D1 migrations to the local
// database, seeds the demo site, then serves the worker on :8787 and the demo site on :8080.
// NOVO_STATE_DIR chooses where the local D1 database lives (the end-to-end tests use a fresh one).
import { spawn } from 'node:child_process';
import { bin, ensureDevVars, env, migrate, root, startWorker, stateDir, step } from './lib/local-worker.mjs';

step('Dependencies', process.execPath, ['scripts/ensure-deps.mjs']);
ensureDevVars();
step('Build the SDK bundle', bin('rollup'), ['-c', '--silent']);
migrate();
step('Seed the demo site', bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', 'worker/seed/demo.sql']);

const services = [startWorker(8787), spawn(process.execPath, ['scripts/serve-demo.mjs'], { cwd: root, env, stdio: 'inherit' })];
console.log('\nWorker API: http://localhost:8787  ·  Demo site: http://localhost:8080  ·  Ctrl+C stops both.\n');

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of services) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of services) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
