// The custom-elements manifest (custom-elements.json), read by editors and documentation tools,
// generated from the elements' JSDoc (@tagname, @summary, @csspart, @cssprop, @fires, @slot).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
};
