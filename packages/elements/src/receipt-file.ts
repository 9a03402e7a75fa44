/**
 * A downloadable JSON file for a consent receipt: the signed token, its claims decoded so a person
 * can read what was recorded, and `issuer` (left out when the store was not told it): the origin of
 * the worker this site uses, the only issuer to accept. A verifier fetches the keys from
 * `${issuer}/.well-known/jwks.json` and requires the token's `iss` to equal it: keys fetched from
 * the token's own `iss` would let a forged receipt, naming its forger's server, verify against the
 * forger's key.
 */
export function receiptHref(token: string, issuer: string | undefined): string {
  let claims: unknown = null;
  try {
    claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    // Not a JWS we can read; the token itself is still offered.
  }
  return `data:application/json,${encodeURIComponent(JSON.stringify({ receipt: token, claims, issuer }, null, 2))}`;
}
