// The README's integration examples are the files that test/e2e/npm-examples.test.ts builds and
// runs (test/examples), and its theming list names every custom property the elements read: the
// README cannot drift from what is tested.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The text of the README section under `heading`, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = /^#+/.exec(heading)![0];
  const next = [...readme.slice(start + heading.length + 2).matchAll(/^(#+) /gm)].find((match) => match[1]!.length <= level.length);
  return readme.slice(start, next?.index === undefined ? undefined : start + heading.length + 2 + next.index);
}

/** The files of the examples, each with the README section that shows it and its block's language. */
const EXAMPLES = [
  ['consent.ts', '### React, Vue and plain HTML', 'ts'],
  ['plain.html', '#### Plain HTML', 'html'],
  ['Privacy.tsx', '#### React', 'tsx'],
  ['custom-elements.d.ts', '#### React', 'ts'],
  ['Privacy.vue', '#### Vue', 'vue'],
] as const;

describe('README examples', () => {
  for (const [file, heading, language] of EXAMPLES) {
    it(`shows test/examples/${file} as it is, under "${heading}"`, () => {
      const source = readFileSync(path.join(root, 'test/examples', file), 'utf8');
      expect(section(heading)).toContain(`\`\`\`${language}\n${source}\`\`\`\n`);
    });
  }
});

describe('README theming list', () => {
  it('names every custom property the elements read', () => {
    const styles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? styles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [readFileSync(path.join(dir, entry.name), 'utf8')] : [],
      );
    const read = new Set(styles(path.join(root, 'packages/elements/src')).flatMap((source) => [...source.matchAll(/var\((--novo-[a-z-]+)/g)].map((match) => match[1]!)));
    expect(read.size).toBeGreaterThan(10);
    const listed = section('### Theming');
    expect([...read].filter((property) => !listed.includes(`\`${property}\``))).toEqual([]);
  });
});
