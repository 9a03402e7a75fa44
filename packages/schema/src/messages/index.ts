import type { Messages } from './catalogue.js';
import { ar } from './ar.js';
import { cs } from './cs.js';
import { da } from './da.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fi } from './fi.js';
import { fr } from './fr.js';
import { he } from './he.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { sv } from './sv.js';

export { en } from './en.js';
export { MESSAGE_KEYS, type MessageKey, type Messages } from './catalogue.js';

/** The shipped catalogues, by language. */
export const CATALOGUES = { en, de, fr, es, it, nl, pt, pl, sv, da, fi, cs, ja, ar, he } satisfies Record<string, Messages>;

/** A language the SDK ships a catalogue for. */
export type SupportedLocale = keyof typeof CATALOGUES;

/** Every language the SDK speaks. */
export const SUPPORTED_LOCALES = Object.keys(CATALOGUES) as SupportedLocale[];

export { textDirection } from './direction.js';

/**
 * The first of `candidates` (most preferred first, such as the page's `lang` then
 * `navigator.languages`) that `offered` has: an exact match, else the same base language
 * (`de-AT` → `de`, `pt` → `pt-BR`). Null when none matches.
 */
export function negotiateLocale(candidates: readonly string[], offered: readonly string[]): string | null {
  const lower = offered.map((locale) => locale.toLowerCase());
  for (const candidate of candidates) {
    const wanted = candidate.toLowerCase();
    const exact = lower.indexOf(wanted);
    if (exact >= 0) return offered[exact]!;
    const base = wanted.split('-')[0]!;
    const sameBase = lower.findIndex((locale) => locale.split('-')[0] === base);
    if (sameBase >= 0) return offered[sameBase]!;
  }
  return null;
}
