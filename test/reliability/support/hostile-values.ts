import fc from 'fast-check';

/**
 * Code units and sequences that break naive string handling: lone surrogates (invalid UTF-16, no
 * UTF-8 form), bidirectional overrides, NUL and other controls, byte-order and zero-width marks,
 * line and paragraph separators, emoji with joiners and flags, combining marks, case-mapping
 * oddities, and the punctuation of JSON, SQL, HTML, CSV formulas, URLs and paths.
 */
export const NASTY_PIECES = [
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDFFF\uD800',
  '\u202E', '\u202D', '\u2066', '\u2067', '\u2069', '\u200F', '\u061C',
  '\u0000', '\u0001', '\u0007', '\u0008', '\u001B', '\u007F', '\u0085', '\u009B',
  '\uFEFF', '\u200B', '\u200D', '\u2060', '\u00AD', '\u2028', '\u2029', '\r', '\n', '\r\n', '\t', '\v', '\f',
  '\uFFFD', '\uFFFE', '\uFFFF', '\u{10FFFF}', '\u{E0001}',
  '😀', '👩‍👩‍👧‍👦', '🏳️‍🌈', '🇩🇪', '👍🏽', 'e\u0301', 'Z\u0324\u0354\u0367\u0311\u0313', 'ﷺ', '𝕏', 'İ', 'ß', 'ǅ', 'Ⅻ', '١٢٣', 'עברית', 'العربية', '中文',
  '"', "'", '`', '\\', '\\u0000', '\\ud800', '/', '../', '..\\', '%', '%00', '%2F', '%ED%A0%80', '?', '#', '&', '=', '+', '-', '@', ';', ',', '|',
  '<script>alert(1)</script>', '${7*7}', '{{7*7}}', "' OR '1'='1", '); DROP TABLE sites; --', '=HYPERLINK("http://evil.example")', '__proto__', 'constructor',
  'null', 'true', 'NaN', 'Infinity', '-0', '1e309', '9007199254740993', '0x1F',
];

/** One hostile piece, or any code point at all. */
const hostileUnit = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY_PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) });

/** Sizes around the body limits of the routes (1 KiB, 16 KiB, 32 KiB, 64 KiB, 256 KiB, 512 KiB) and past them. */
const HUGE_LENGTHS = [1025, 16 * 1024 + 1, 33_000, 65_537, 262_145, 600_000];

/** Strings meant to break parsers, validators, storage and renderers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: hostileUnit, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  // Empty and near-valid values: a 6-digit code that is wrong, an id one character too long.
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uD800', '000000', '999999', 'a'.repeat(65), '\u202Eevil\u202C') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('a', 'é', '😀', '\uD800', '\u0000')).map(([n, piece]) => piece.repeat(Math.ceil(n / piece.length))) },
);

/** Deeply nested arrays or objects, deeper than any recursive validator or serializer should follow. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(64, 1_000, 10_000, 100_000), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`));

/** Any JSON value, with hostile strings and numbers at the edges of what JSON and JavaScript can hold. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.constantFrom(0, -1, 1.5, -0, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
    // An own `__proto__` key, as JSON.parse makes it: a prototype-pollution probe.
    fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') as unknown),
  ),
})).value;

/** A hostile path segment: the text as a client might put it into a URL, encoded or not. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(encodeSegment),
  fc.constantFrom('', '.', '..', '%', '%zz', '%00', '%2F', '%2e%2e', '%ED%A0%80', '%C0%AF', 'a%2Fb', '*', ':siteId', '{siteId}', 'DEMO', 'demo', 'x'.repeat(5000)),
);

/**
 * Percent-encodes a string for a path segment or query value. `encodeURIComponent` throws on lone
 * surrogates; a client can still send their 3-byte (invalid UTF-8) form, so that is what this sends.
 */
export function encodeSegment(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
      }
      return encodeURIComponent(char);
    })
    .join('');
}

/**
 * A header value: header values are bytes without CR, LF or NUL, and the runtime warns about
 * (and re-encodes) anything outside ASCII, so every other byte of the text's UTF-8 goes
 * percent-encoded, keeping the hostile content visible to the worker.
 */
export function headerSafe(text: string): string {
  return [...new TextEncoder().encode(text).slice(0, 8192)]
    .map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('')
    .trim();
}
