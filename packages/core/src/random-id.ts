/**
 * 128 random bits as 22 URL-safe characters. Uses `getRandomValues`, which, unlike
 * `crypto.randomUUID`, also exists on plain-http pages.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
