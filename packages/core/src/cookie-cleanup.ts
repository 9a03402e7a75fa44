import { pageCookies } from './consent-cookie.js';

/** The cookie names in `document.cookie` that match `name` or `prefix*` patterns. */
export function matchingCookieNames(cookieString: string, patterns: readonly string[]): string[] {
  const names = cookieString
    .split(/;\s*/)
    .map((pair) => pair.split('=')[0] ?? '')
    .filter(Boolean);
  return names.filter((name) => patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern)));
}

/**
 * Deletes the matching cookies. A cookie can only be removed with the domain and path it was set
 * with, which a page cannot read, so every parent domain and every parent path is tried. Never
 * throws: where the page has no cookies (sandboxed frames) there is nothing to delete.
 */
export function deleteCookies(doc: Document, patterns: readonly string[]): string[] {
  const names = matchingCookieNames(pageCookies(doc), patterns);
  if (names.length === 0) return names;
  const { hostname, pathname } = doc.location;
  const labels = hostname.split('.');
  const domains: (string | null)[] = [null];
  for (let i = 0; i < labels.length - 1; i++) domains.push(labels.slice(i).join('.'));
  const paths = ['/'];
  let prefix = '';
  for (const segment of pathname.split('/').slice(1, -1)) {
    prefix += `/${segment}`;
    paths.push(prefix, `${prefix}/`);
  }
  try {
    for (const name of names) {
      for (const domain of domains) {
        for (const path of paths) {
          doc.cookie = `${name}=; Max-Age=0; Path=${path}${domain ? `; Domain=${domain}` : ''}`;
        }
      }
    }
  } catch {
    // A page may refuse cookie writes after reads (an overridden setter); the choice applies regardless.
  }
  return names;
}
