/** Cloudflare's server-side check of a Turnstile token (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/). */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Whether Cloudflare vouches for the token; any failure to ask counts as "no". */
export async function turnstileAccepts(secret: string, token: string, remoteIp: string | undefined): Promise<boolean> {
  try {
    const form = new FormData();
    form.append('secret', secret);
    form.append('response', token);
    if (remoteIp) form.append('remoteip', remoteIp);
    const res = await fetch(TURNSTILE_VERIFY_URL, { method: 'POST', body: form, signal: AbortSignal.timeout(5000) });
    return res.ok && ((await res.json()) as { success?: boolean }).success === true;
  } catch {
    return false;
  }
}
