import fc from 'fast-check';
import type { JsonSchema } from './routes.js';

/** Arrays and strings stay small: the point is shape, and huge values come from the mutations. */
const MAX_ITEMS = 3;
const MAX_TEXT = 40;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** ISO timestamps and dates inside the years a ledger or notice can plausibly hold. */
const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.min(num(schema.maxLength) ?? MAX_TEXT, Math.max(minLength, MAX_TEXT));
  const fits = (text: string) => text.length >= minLength && text.length <= (num(schema.maxLength) ?? Infinity);
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (schema.format === 'date-time') return isoDate.map((date) => date.toISOString());
  if (schema.format === 'date') return isoDate.map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl().filter(fits);
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
    } catch {
      // fast-check cannot generate from this pattern (lookarounds): plain text of the right size.
    }
  }
  return fc.string({ unit: 'grapheme', minLength, maxLength }).filter((text) => text.trim().length >= Math.min(minLength, 1));
}

function numberValue(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) ?? -1_000_000) + (schema.exclusiveMinimum === undefined ? 0 : 1);
  const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) ?? 1_000_000) - (schema.exclusiveMaximum === undefined ? 0 : 1);
  return integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fixed = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, valueFor(property)])),
    { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) },
  );
  const extra = schema.additionalProperties;
  if (!extra || typeof extra !== 'object') return fixed;
  // A record (`z.record(key, value)`): keys from `propertyNames`, values from `additionalProperties`.
  const keys = schema.propertyNames ? valueFor(schema.propertyNames as JsonSchema).filter((key): key is string => typeof key === 'string') : fc.string();
  return fc.tuple(fixed, fc.dictionary(keys, valueFor(extra as JsonSchema), { maxKeys: MAX_ITEMS })).map(([a, b]) => ({ ...b, ...(a as object) }));
}

/**
 * Values that satisfy a JSON Schema as zod's `toJSONSchema` writes it (types, enums, consts,
 * patterns, formats, lengths, ranges, unions, records). Derived from the same schemas that validate
 * requests, so a route's well-formed bodies and queries need no hand-written generator; refinements
 * a JSON Schema cannot say (a field required for some `type`s) make some of them invalid, which the
 * fuzz wants anyway.
 */
export function valueFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map(valueFor));
  const type = Array.isArray(schema.type) ? fc.constantFrom(...(schema.type as string[])) : fc.constant(schema.type as string | undefined);
  return type.chain((one) => {
    switch (one) {
      case 'object':
        return objectValue(schema);
      case 'array': {
        const minLength = num(schema.minItems) ?? 0;
        const maxLength = Math.max(minLength, Math.min(num(schema.maxItems) ?? MAX_ITEMS, MAX_ITEMS));
        return fc.array(schema.items ? valueFor(schema.items as JsonSchema) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength });
      }
      case 'string':
        return stringValue(schema);
      case 'integer':
        return numberValue(schema, true);
      case 'number':
        return numberValue(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
}
