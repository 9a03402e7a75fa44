import type { Bindings } from '../env.js';

/** Hosts a developer's own receiver runs on; reachable only where `ENVIRONMENT` is `development`. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Names that never denote a public host: loopback, mDNS, private-use and home networks (RFC 6761, 6762, 8375). */
const RESERVED_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.intranet', '.lan', '.corp', '.private'];

/**
 * Why the worker will not POST requesters' data to `value`, or null when it may. Outside
 * development: `https:` only, a public DNS name (no IP literal in any spelling, no single-label or
 * reserved name), no credentials in the URL. The URL parser has already turned decimal, octal and
 * hex IPv4 spellings (`http://2130706433`, `0x7f.1`) into dotted form, so the literal check sees them.
 * A name is not resolved here: what it points to at send time is the DNS owner's, not the URL's, to say.
 */
export function webhookUrlProblem(value: string, env: Pick<Bindings, 'ENVIRONMENT'>): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password (authenticate with the webhook secret)';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (env.ENVIRONMENT === 'development' && LOOPBACK_HOSTS.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
  if (url.protocol !== 'https:') return 'must use https:';
  if (/^\d+(\.\d+){3}$/.test(host) || host.startsWith('[')) return 'must name a host by its DNS name, not an IP address';
  if (!host.includes('.') || host === 'localhost' || RESERVED_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return 'must name a public host (not localhost, a single-label or a local, internal or private-use name)';
  }
  return null;
}
