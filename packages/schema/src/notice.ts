import * as z from 'zod/mini';
import { LocaleSchema } from './primitives.js';

/**
 * Privacy notices are structured documents, never HTML: every string is plain text that renderers
 * put in text nodes, and links may only point to http(s) or mailto addresses.
 */
const plain = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

/** A link target: http(s) or mailto only, so no `javascript:` or `data:` URL can reach a page. */
export const NoticeHrefSchema = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      return ['https:', 'http:', 'mailto:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'links must be http(s) or mailto addresses'),
);

/** A run of text, optionally a link. Not trimmed: the spaces between runs are part of the text. */
export const NoticeInlineSchema = z.strictObject({ text: z.string().check(z.minLength(1), z.maxLength(4000)), href: z.optional(NoticeHrefSchema) });

const inlines = z.array(NoticeInlineSchema).check(z.minLength(1), z.maxLength(200));

export const NoticeBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), content: inlines }),
  z.strictObject({ type: z.literal('list'), ordered: z._default(z.boolean(), false), items: z.array(inlines).check(z.minLength(1), z.maxLength(200)) }),
  z.strictObject({
    type: z.literal('table'),
    header: z.array(plain(200)).check(z.minLength(1), z.maxLength(12)),
    rows: z.array(z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(12))).check(z.maxLength(200)),
  }),
]);

/** One section: an anchor id (`data-retention`), a heading, and its blocks. */
export const NoticeSectionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as data-retention'), z.maxLength(80)),
  heading: plain(200),
  level: z._default(z.union([z.literal(2), z.literal(3)]), 2),
  blocks: z.array(NoticeBlockSchema).check(z.maxLength(200)),
});

/** A whole notice in one language. */
export const NoticeDocumentSchema = z.strictObject({
  title: plain(200),
  /** The date the notice says it was last updated, `YYYY-MM-DD`. */
  lastUpdated: z.iso.date(),
  sections: z.array(NoticeSectionSchema).check(
    z.minLength(1),
    z.maxLength(100),
    z.refine((sections) => new Set(sections.map((s) => s.id)).size === sections.length, 'section ids must be unique'),
  ),
});

/** `PUT /v1/admin/sites/:siteId/notices/:locale`: a new version; a material change asks every visitor for consent again. */
export const PublishNoticeSchema = z.strictObject({
  document: NoticeDocumentSchema,
  materialChange: z._default(z.boolean(), false),
});

/** A published notice version, as `GET /v1/sites/:siteId/notice` serves it. */
export const PublishedNoticeSchema = z.object({
  siteId: z.string(),
  locale: LocaleSchema,
  version: z.int(),
  publishedAt: z.string(),
  materialChange: z.boolean(),
  document: NoticeDocumentSchema,
});

/** Query of `GET /v1/sites/:siteId/notice` (and `/versions`). */
export const NoticeQuerySchema = z.strictObject({
  locale: z.optional(LocaleSchema),
  version: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
});

export type NoticeInline = z.output<typeof NoticeInlineSchema>;
export type NoticeBlock = z.output<typeof NoticeBlockSchema>;
export type NoticeSection = z.output<typeof NoticeSectionSchema>;
export type NoticeDocument = z.output<typeof NoticeDocumentSchema>;
export type NoticeDocumentInput = z.input<typeof NoticeDocumentSchema>;
export type PublishedNotice = z.output<typeof PublishedNoticeSchema>;
