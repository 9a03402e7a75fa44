import * as z from 'zod/mini';

/** One failed check of a request, with the path of the offending field (`categories.analytics`). */
export const ValidationIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});

/** Every HTTP error the worker returns has this body. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(ValidationIssueSchema)),
  }),
});

export type ValidationIssue = z.output<typeof ValidationIssueSchema>;
export type ApiError = z.output<typeof ApiErrorSchema>;
