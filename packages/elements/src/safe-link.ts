/**
 * Whether a link to `url` is safe to show: http(s) or mailto only. The worker's schemas check the
 * config's and the notice's URLs when they are written, but a page may hand the elements a config or
 * notice of its own (npm, an inlined config), and a `javascript:` or `data:` link runs script in the
 * page. Checked on the raw string, whose start the URL parser would read as the scheme.
 */
export const isSafeLink = (url: string | undefined): url is string => /^(https?|mailto):/i.test(url ?? '');
