import * as z from 'zod/mini';

/** A site (tenant) id: lowercase letters, digits and dashes, as in `demo` or `acme-shop`. */
export const SiteIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes'));

/** A category id such as `analytics`: stable, used as the key of every choice. */
export const CategoryIdSchema = z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must start with a letter and use at most 32 lowercase letters, digits, `_` or `-`'));

/**
 * An opaque client-generated id (subject ids, event ids): URL-safe, long enough to be unguessable
 * when random (a UUID fits), short enough to index.
 */
export const OpaqueIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 letters, digits, `_` or `-`'));

/** A BCP 47 language tag such as `en` or `pt-BR` (shape only). */
export const LocaleSchema = z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, 'must be a language tag such as `en` or `pt-BR`'));

/** Plain text shown to visitors. Never interpreted as HTML by any renderer of ours. */
export const textSchema = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

/** An absolute http(s) URL. */
export const HttpUrlSchema = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'https:' || protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL'),
);

/** An ISO 8601 timestamp with time zone, as produced by `Date#toISOString()`. */
export const TimestampSchema = z.iso.datetime({ offset: true });
