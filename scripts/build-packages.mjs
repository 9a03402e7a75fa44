// `npm run build:packages`: everything the npm packages ship.
//   1. packages/*/dist: compiled ESM with declarations, built from scratch (tsc -b alone keeps the
//      outputs of deleted sources, which would then be published);
//   2. packages/elements/custom-elements.json: the custom-elements manifest;
//   3. packages/embed/script/: the script-tag bundle and its lazily loaded parts (rollup's dist/,
//      rebuilt first when older than its inputs), without source maps, with the licences of the
//      third-party code bundled into them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { newest } from './lib/newest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const PACKAGES = ['schema', 'core', 'elements', 'embed'];
const SCRIPT_DIR = path.join(root, 'packages/embed/script');

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build:packages: ${path.basename(command)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

// 1. Compiled packages, from scratch: the build info goes too, or tsc -b would see nothing to do.
for (const name of PACKAGES) {
  rmSync(path.join(root, 'packages', name, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, 'packages', name, 'tsconfig.build.tsbuildinfo'), { force: true });
}
run(bin('tsc'), ['-b', 'packages/embed/tsconfig.build.json']);

// 2. The custom-elements manifest.
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], path.join(root, 'packages/elements'));

// 3. The script-tag bundle: the files rollup.config.js writes, rebuilt unless newer than every input.
const { default: rollupConfigs } = await import(pathToFileURL(path.join(root, 'rollup.config.js')).href);
const bundleFiles = rollupConfigs.map((config) => path.join(root, config.output.file));
const inputs = [...PACKAGES.map((name) => path.join(root, 'packages', name, 'src')), 'rollup.config.js', 'tsconfig.base.json', 'package-lock.json'];
const inputsChanged = Math.max(...inputs.map((input) => newest(path.resolve(root, input))));
if (bundleFiles.some((file) => !existsSync(file) || statSync(file).mtimeMs < inputsChanged)) run(bin('rollup'), ['-c', '--silent']);

rmSync(SCRIPT_DIR, { recursive: true, force: true });
mkdirSync(SCRIPT_DIR, { recursive: true });
const bundled = new Set();
for (const file of bundleFiles) {
  // The maps stay in dist/ (the worker serves them): their sourcesContent holds third-party code
  // too, so the published copies carry no map and no comment pointing at one.
  const code = readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  writeFileSync(path.join(SCRIPT_DIR, path.basename(file)), code);
  if (!existsSync(`${file}.map`)) throw new Error(`build:packages: ${file}.map is missing; the bundled packages are read from rollup's source maps`);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  for (const source of map.sources) {
    const [, name] = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source) ?? [];
    if (name) bundled.add(name);
  }
}

// Minification drops the licence comments of the bundled packages; their notices ship beside the bundle instead.
const notices = [...bundled].sort().map((name) => {
  const dir = path.join(root, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((file) => /^licen[cs]e(\.|$)/i.test(file));
  if (!licenceFile) throw new Error(`build:packages: ${name} is bundled into the script but has no licence file`);
  return `${name}@${manifest.version} (${manifest.license})\n\n${readFileSync(path.join(dir, licenceFile), 'utf8').trim()}\n`;
});
writeFileSync(
  path.join(SCRIPT_DIR, 'THIRD_PARTY_LICENSES.txt'),
  `The script-tag bundle (novo-*.js) contains the following third-party packages.\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
);

console.log(`build:packages: ${PACKAGES.length} packages compiled, custom-elements.json written, ${bundleFiles.length} script files copied to packages/embed/script/`);
