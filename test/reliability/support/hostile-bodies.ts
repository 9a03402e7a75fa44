import fc from 'fast-check';
import { deepNesting, hostileJsonValue, hostileString } from './hostile-values.js';

/** A request body as sent: text, raw bytes, or none. */
export type Body = string | Uint8Array | null;

/** A generated body with the name of the strategy that made it (for the figures). */
export interface BodyCase {
  kind: 'well-formed' | 'mutated' | 'hostile-json' | 'deep-nesting' | 'malformed' | 'invalid-utf8' | 'empty';
  body: Body;
}

type Path = (string | number)[];

/** Every path to a value inside a JSON value (the root included). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const inner =
    value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]))
      : [];
  return [prefix, ...inner];
}

const REMOVE = Symbol('remove');

/** The value at `path`, if any. */
const valueAt = (value: unknown, path: Path): unknown => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), value);

/** A copy of `value` with the value at `path` replaced (or removed when `replacement` is `REMOVE`). */
function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  // Arrays stay arrays (indexed by number keys); anything else becomes an object to hold the key.
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  if (rest.length === 0 && replacement === REMOVE) delete copy[head!];
  else copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/**
 * A well-formed value with one to three changes at random places: a field removed, a value swapped
 * for a hostile one of any type (wrong type, huge string, lone surrogate…), an unknown field added.
 */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const step = (value: unknown) =>
    fc.tuple(fc.constantFrom(...pathsOf(value)), fc.constantFrom('remove', 'replace', 'add'), hostileJsonValue, hostileString).map(([path, how, replacement, key]) => {
      if (how === 'remove' && path.length > 0) return replaceAt(value, path, REMOVE);
      const target = valueAt(value, path);
      if (how === 'add' && target && typeof target === 'object' && !Array.isArray(target)) return replaceAt(value, [...path, key], replacement);
      return replaceAt(value, path, replacement);
    });
  return valid.chain((value) =>
    fc.integer({ min: 1, max: 3 }).chain((times) => {
      let arb: fc.Arbitrary<unknown> = fc.constant(value);
      for (let i = 0; i < times; i++) arb = arb.chain(step);
      return arb;
    }),
  );
}

/** JSON text that no JSON parser should accept, or accepts only with surprises (BOM, duplicate keys). */
const malformedJson = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    valid.map((value) => JSON.stringify(value)).chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
    valid.map((value) => `\uFEFF${JSON.stringify(value)}`),
    valid.map((value) => `${JSON.stringify(value)},`),
    valid.map((value) => `${JSON.stringify(value)}${JSON.stringify(value)}`),
    fc.constantFrom(
      "{'a': 1}",
      '{"a": 1,}',
      '[1, 2,]',
      '{"a": NaN}',
      '{"a": Infinity}',
      '{"a": undefined}',
      '{"a": 01}',
      '{"a": 0x10}',
      '{"a": "\\x41"}',
      '{"a": "\\ud800"}',
      '{"a": "\u0000"}',
      '{"a": 1} // comment',
      '/* c */ {}',
      '{"eventId": "a", "eventId": "b"}',
      '{"__proto__": {"admin": true}}',
      '{"a":',
      '"',
      '}',
      'null',
      'true',
      '0',
      '-',
      '1e99999',
      ' ',
      '\u0000',
    ),
  );

/** Byte sequences that are not UTF-8 at all: overlong forms, lone continuation bytes, surrogate halves. */
const invalidUtf8 = fc.constantFrom(
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]),
  new Uint8Array([0xc0, 0xaf, 0xff, 0xfe]),
  new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  new Uint8Array([0x00, 0x00, 0x00, 0x7b]),
);

/** Well-formed bodies only: what a case sends when it attacks another part of the request. */
export const wellFormedBody = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<BodyCase> => valid.map((value) => ({ kind: 'well-formed', body: JSON.stringify(value) }));

/**
 * Bodies of every kind from a route's well-formed ones (`valid`): those, mutated, any hostile JSON,
 * deep nesting, malformed JSON, invalid UTF-8, empty.
 */
export function bodyCase(valid: fc.Arbitrary<unknown>): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    { weight: 1, arbitrary: valid.map((value): BodyCase => ({ kind: 'well-formed', body: JSON.stringify(value) })) },
    { weight: 6, arbitrary: mutated(valid).map((value): BodyCase => ({ kind: 'mutated', body: JSON.stringify(value) ?? 'null' })) },
    { weight: 2, arbitrary: hostileJsonValue.map((value): BodyCase => ({ kind: 'hostile-json', body: JSON.stringify(value) ?? 'null' })) },
    { weight: 1, arbitrary: deepNesting.map((body): BodyCase => ({ kind: 'deep-nesting', body })) },
    { weight: 2, arbitrary: malformedJson(valid).map((body): BodyCase => ({ kind: 'malformed', body })) },
    { weight: 1, arbitrary: invalidUtf8.map((body): BodyCase => ({ kind: 'invalid-utf8', body })) },
    { weight: 1, arbitrary: fc.constantFrom<BodyCase>({ kind: 'empty', body: '' }, { kind: 'empty', body: null }) },
  );
}
