import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

/**
 * The script-tag bundle: a minified IIFE, `dist/novo-consent.js`, with Lit, the engine and the
 * first banner inside, plus lazily loaded parts beside it (the preferences and the launcher are
 * the part loaded right after the banner). Workspace packages are bundled
 * from their TypeScript sources.
 */
const plugins = () => [
    // 'production' explicitly: otherwise NODE_ENV (vitest sets it to "test") would pull in Lit's development build.
    nodeResolve({ exportConditions: ['novo-source', 'production'], browser: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', minify: false }),
    // Terser leaves template literals alone; this strips the whitespace inside Lit's html`` and css``.
    literalsHtmlCssMinifier({ failOnError: true }),
    terser({
      ecma: 2022,
      module: false,
      // keep_fargs and unsafe_arrows are safe here: nothing in the bundle reads Function#length or
      // calls a function expression with `new`; together with the third pass they save ~35 B gzip.
      compress: { passes: 3, pure_getters: true, keep_fargs: false, unsafe_arrows: true },
      format: { comments: false },
    }),
];

export default [
  {
    input: 'packages/embed/src/auto-start.ts',
    output: { file: 'dist/novo-consent.js', format: 'iife', sourcemap: true },
    plugins: plugins(),
  },
  // Lazily loaded parts: Lit is taken from the main bundle (lazy-parts.ts exposes it), not bundled again.
  ...['after-banner', 'consent-toggle', 'rights-request', 'privacy-notice', 'embed-placeholder', 'google-consent-mode', 'script-gate'].map((part) => ({
    input: `packages/embed/src/chunks/${part}.ts`,
    external: ['lit'],
    output: { file: `dist/novo-${part}.js`, format: 'iife', sourcemap: true, globals: { lit: '__novoConsentLit' } },
    plugins: plugins(),
  })),
];
