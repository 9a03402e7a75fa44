// Builds the README's framework examples (this folder) as a Vite app of their kind would: rollup,
// with the published packages' entry points (dist/, not sources), esbuild for TypeScript and JSX,
// and Vue's own single-file-component compiler. The README's placeholders become the local worker.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { compileScript, parse } from '@vue/compiler-sfc';
import { transform } from 'esbuild';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');

/** `.vue` files, compiled as @vitejs/plugin-vue does with the README's `isCustomElement` option. */
function vueSingleFileComponents(): Plugin {
  return {
    name: 'vue-sfc',
    async transform(source, id) {
      if (!id.endsWith('.vue')) return null;
      const { descriptor, errors } = parse(source, { filename: id });
      if (errors.length > 0) throw errors[0];
      const script = compileScript(descriptor, {
        id,
        inlineTemplate: true,
        templateOptions: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('novo-') } },
      });
      return { code: (await transform(script.content, { loader: 'ts', target: 'es2022' })).code, map: null };
    },
  };
}

/** The page of a bundled example, as Vite's templates have it. */
const page = (title: string) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title}</title></head>
  <body><div id="app"></div><script type="module" src="main.js"></script></body>
</html>
`;

export interface BuiltExamples {
  /** What rollup warned about, per example: an integrator sees the same in every `vite build`. */
  warnings: Record<string, string[]>;
  /** The files each bundled example consists of, entry first. */
  files: Record<string, string[]>;
}

/**
 * Writes the examples under `<siteRoot>/examples/` (`react/`, `vue/`, `html/`) for the site `siteId`
 * on the worker at `apiOrigin`. The plain-HTML page loads the script-tag files where the README
 * says to copy the package's `script/` folder (`scriptDir`): `<siteRoot>/novo-consent/`.
 */
export async function buildExamples(siteRoot: string, scriptDir: string, siteId: string, apiOrigin: string): Promise<BuiltExamples> {
  const built: BuiltExamples = { warnings: {}, files: {} };
  const placeholders: Record<string, string> = { SITE_ID: siteId, 'https://YOUR_API_ORIGIN': apiOrigin };
  const quoted = Object.fromEntries(Object.entries(placeholders).map(([name, value]) => [`'${name}'`, JSON.stringify(value)]));
  for (const [name, entry] of [['react', 'react-main.tsx'], ['vue', 'vue-main.ts']] as const) {
    const warnings: string[] = [];
    const bundle = await rollup({
      input: path.join(here, entry),
      onLog: (level, log: RollupLog) => void (level === 'warn' && warnings.push(log.message)),
      plugins: [
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
        replace({ include: [`${here}/**`], delimiters: ['', ''], preventAssignment: false, values: quoted }),
        vueSingleFileComponents(),
        nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.ts', '.tsx', '.js', '.mjs'] }),
        commonjs(),
        esbuild({ target: 'es2022', jsx: 'automatic', tsconfig: path.join(root, 'tsconfig.base.json') }),
      ],
    });
    const dir = path.join(siteRoot, 'examples', name);
    rmSync(dir, { recursive: true, force: true });
    const { output } = await bundle.write({ dir, format: 'es', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' });
    await bundle.close();
    writeFileSync(path.join(dir, 'index.html'), page(`${name} example`));
    built.warnings[name] = warnings;
    built.files[name] = output.map((chunk) => chunk.fileName);
  }
  const html = path.join(siteRoot, 'examples/html');
  mkdirSync(html, { recursive: true });
  const source = readFileSync(path.join(here, 'plain.html'), 'utf8');
  writeFileSync(path.join(html, 'index.html'), Object.entries(placeholders).reduce((text, [name, value]) => text.replaceAll(name, value), source));
  const scripts = path.join(siteRoot, 'novo-consent');
  mkdirSync(scripts, { recursive: true });
  for (const file of readdirSync(scriptDir)) copyFileSync(path.join(scriptDir, file), path.join(scripts, file));
  return built;
}
