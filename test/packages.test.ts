// What `npm publish` would upload for each public package, from `npm pack --dry-run --json`, after
// `npm run build:packages` (which `npm test` runs first). Alone, without the end-to-end servers:
// `npx vitest run --config test/packages.vitest.config.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

const PACKAGES = {
  '@novoaigen/consent-schema': 'packages/schema',
  '@novoaigen/consent-core': 'packages/core',
  '@novoaigen/consent-elements': 'packages/elements',
  '@novoaigen/consent-embed': 'packages/embed',
} as const;

interface PackResult {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

interface Manifest {
  name: string;
  version: string;
  type?: string;
  license?: string;
  private?: boolean;
  sideEffects?: boolean | string[];
  exports?: unknown;
  types?: string;
  customElements?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function pack(name: string): PackResult {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--workspace', name], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [result] = JSON.parse(output) as PackResult[];
  if (!result) throw new Error(`npm pack printed nothing for ${name}`);
  return result;
}

/** Every file path an `exports` map points at, conditions included. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

/** Whether a target (`./dist/index.js`, or a pattern such as `./script/*`) names at least one packed file. */
function packed(target: string, files: Set<string>): boolean {
  const relative = path.posix.normalize(target.replace(/^\.\//, ''));
  if (!relative.includes('*')) return files.has(relative);
  const [before, after] = relative.split('*') as [string, string];
  return [...files].some((file) => file.startsWith(before) && file.endsWith(after) && file.length > before.length + after.length);
}

/** The packages a module imports by bare specifier (`lit`, `@lit/context`, `zod/mini` → `zod`). */
function importedPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/'))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
}

describe.each(Object.entries(PACKAGES))('npm package %s', (name, dir) => {
  const packageDir = path.join(root, dir);
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as Manifest;
  let result: PackResult;
  let files: Set<string>;

  beforeAll(() => {
    if (!existsSync(path.join(packageDir, 'dist/index.js'))) throw new Error(`${dir}/dist is missing: run \`npm run build:packages\` first`);
    result = pack(name);
    files = new Set(result.files.map((file) => file.path));
  }, 60_000);

  it('is a public ES module package with its README and CHANGELOG', () => {
    expect(result.name).toBe(name);
    expect(manifest.private).toBeUndefined();
    expect(manifest.type).toBe('module');
    expect(manifest.license).toBeTruthy();
    expect(manifest.sideEffects).toBeDefined();
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md']) expect(files, file).toContain(file);
  });

  it('ships no tests, build info, secrets or worker code', () => {
    const unwanted = [...files].filter(
      (file) =>
        /\.test\.[^/]+$/.test(file) ||
        /(^|\/)(test|tests|__tests__|e2e)\//.test(file) ||
        file.endsWith('.tsbuildinfo') ||
        /(^|\/)\.dev\.vars$|(^|\/)\.env(\.|$)|\.pem$|\.key$/.test(file) ||
        /(^|\/)(worker|node_modules|\.wrangler)\//.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it('ships source maps without embedded sources, pointing at shipped files', () => {
    const maps = [...files].filter((file) => file.endsWith('.map'));
    for (const file of maps) {
      const map = JSON.parse(readFileSync(path.join(packageDir, file), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: unknown };
      expect(map.sourcesContent, file).toBeUndefined();
      for (const source of map.sources) {
        expect(files, `${file} → ${source}`).toContain(path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source));
      }
    }
  });

  it('ships every file its exports, types and custom-elements manifest name', () => {
    const targets = [...exportTargets(manifest.exports), manifest.types, manifest.customElements].filter((target): target is string => Boolean(target));
    expect(targets).toContain('./dist/index.js');
    expect(targets).toContain('./dist/index.d.ts');
    expect(targets.filter((target) => !packed(target, files))).toEqual([]);
  });

  it('declares every package its shipped code imports, and its workspace dependencies by their version', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const code = [...files].filter((file) => /\.(js|d\.ts|ts)$/.test(file) && !file.startsWith('script/'));
    const undeclared = new Set(code.flatMap((file) => importedPackages(readFileSync(path.join(packageDir, file), 'utf8'))).filter((dependency) => !declared.has(dependency)));
    expect([...undeclared]).toEqual([]);
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      const workspace = PACKAGES[dependency as keyof typeof PACKAGES];
      if (!workspace) continue;
      const { version } = JSON.parse(readFileSync(path.join(root, workspace, 'package.json'), 'utf8')) as Manifest;
      expect(range.replace(/^[\^~]/, ''), `${dependency} range`).toBe(version);
    }
  });
});

describe('npm package @novoaigen/consent-elements', () => {
  it('points at its custom-elements manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'packages/elements/package.json'), 'utf8')) as Manifest;
    expect(manifest.customElements).toBe('custom-elements.json');
    expect(pack('@novoaigen/consent-elements').files.map((file) => file.path)).toContain('custom-elements.json');
  });
});

describe('npm package @novoaigen/consent-embed', () => {
  it('ships the script-tag bundle and every lazily loaded part, without maps, with third-party licences', async () => {
    const { default: configs } = (await import(pathToFileURL(path.join(root, 'rollup.config.js')).href)) as { default: { output: { file: string } }[] };
    const bundle = configs.map((config) => `script/${path.basename(config.output.file)}`);
    expect(bundle).toContain('script/novo-consent.js');
    expect(bundle.length).toBeGreaterThan(1);

    const files = pack('@novoaigen/consent-embed').files.map((file) => file.path);
    const script = files.filter((file) => file.startsWith('script/'));
    expect(script.sort()).toEqual([...bundle, 'script/THIRD_PARTY_LICENSES.txt'].sort());
    for (const file of bundle) {
      const code = readFileSync(path.join(root, 'packages/embed', file), 'utf8');
      expect(code, file).toBe(readFileSync(path.join(root, 'dist', path.basename(file)), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
      expect(code, file).not.toContain('sourceMappingURL');
    }
    const licences = readFileSync(path.join(root, 'packages/embed/script/THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const dependency of ['lit-html', 'lit-element', '@lit/reactive-element', 'idb-keyval']) expect(licences).toContain(`${dependency}@`);
  });
});
