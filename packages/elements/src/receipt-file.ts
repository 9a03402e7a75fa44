/**
 * A downloadable JSON file for a consent receipt: the signed token, and its claims decoded so a
 * person can read what was recorded. The token verifies with the keys at `${iss}/.well-known/jwks.json`.
 */
export function receiptHref(token: string): string {
  let claims: unknown = null;
  try {
    claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    // Not a JWS we can read; the token itself is still offered.
  }
  return `data:application/json,${encodeURIComponent(JSON.stringify({ receipt: token, claims }, null, 2))}`;
}
