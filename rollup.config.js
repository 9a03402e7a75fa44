import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

/**
 * The script-tag bundle: one minified IIFE, `dist/novo-consent.js`, with Lit, the engine and the
 * banner-path elements inside. Workspace packages are bundled from their TypeScript sources.
 */
export default {
  input: 'packages/embed/src/auto-start.ts',
  output: {
    file: 'dist/novo-consent.js',
    format: 'iife',
    sourcemap: true,
  },
  plugins: [
    // 'production' explicitly: otherwise NODE_ENV (vitest sets it to "test") would pull in Lit's development build.
    nodeResolve({ exportConditions: ['novo-source', 'production'], browser: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', minify: false }),
    // Terser leaves template literals alone; this strips the whitespace inside Lit's html`` and css``.
    literalsHtmlCssMinifier({ failOnError: true }),
    terser({
      ecma: 2022,
      module: false,
      compress: { passes: 2, pure_getters: true },
      format: { comments: false },
    }),
  ],
};
