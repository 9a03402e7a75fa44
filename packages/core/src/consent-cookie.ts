import type { CategoryChoices, ConsentMethod, ConsentState } from '@novoaigen/consent-schema';

/** Name of the first-party cookie that mirrors the visitor's choices for synchronous and server-side reads. */
export const CONSENT_COOKIE = 'novo_consent';

/** The page's cookies, or none where reading them throws (sandboxed frames, some privacy modes). */
export function pageCookies(doc: Document): string {
  try {
    return doc.cookie;
  } catch {
    return '';
  }
}

/**
 * Reads the consent cookie. The value is a URL-encoded query string, readable by any server:
 * `s` subject id, `r` revision, `m` method, `g` GPC flag, `t` decision time (epoch ms),
 * `c` comma-separated `category:1|0` pairs. Anything unreadable (a sibling subdomain may set a
 * cookie of the same name with any value) counts as no cookie.
 */
export function readConsentCookie(cookieString: string): ConsentState | null {
  const raw = cookieString
    .split(/;\s*/)
    .find((pair) => pair.startsWith(`${CONSENT_COOKIE}=`))
    ?.slice(CONSENT_COOKIE.length + 1);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(decodeURIComponent(raw ?? ''));
  } catch {
    return null;
  }
  const subjectId = params.get('s');
  const revision = Number(params.get('r'));
  const time = Number(params.get('t'));
  const method = params.get('m') as ConsentMethod | null;
  if (!subjectId || !method || !Number.isInteger(revision) || revision < 1 || !Number.isFinite(time)) return null;
  const categories: CategoryChoices = {};
  for (const pair of (params.get('c') ?? '').split(',')) {
    const [id, flag] = pair.split(':');
    if (id && (flag === '1' || flag === '0')) categories[id] = flag === '1';
  }
  return { subjectId, revision, method, gpc: params.get('g') === '1', updatedAt: new Date(time).toISOString(), categories };
}

/** Serialises the state into a `Set-Cookie`-style string for `document.cookie`. */
export function consentCookieString(state: ConsentState, maxAgeSeconds: number, secure: boolean): string {
  const params = new URLSearchParams({
    s: state.subjectId,
    r: String(state.revision),
    m: state.method,
    g: state.gpc ? '1' : '0',
    t: String(Date.parse(state.updatedAt)),
    c: Object.entries(state.categories)
      .map(([id, granted]) => `${id}:${granted ? 1 : 0}`)
      .join(','),
  });
  return `${CONSENT_COOKIE}=${encodeURIComponent(params.toString())}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; SameSite=Lax${secure ? '; Secure' : ''}`;
}
