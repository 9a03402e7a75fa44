import { toHex } from '../security/encoding.js';

/**
 * The `Novo-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` under the site's
 * webhook secret. Receivers recompute it and reject old timestamps to stop replays.
 */
export async function webhookSignature(secret: string, body: string, unixSeconds: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${toHex(mac)}`;
}
