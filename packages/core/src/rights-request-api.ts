import type { ApiError, RightsRequestInput } from '@novoaigen/consent-schema';

/** The answer of a rights-request call: the body on success, or the API's error (network trouble is `network_error`). */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError['error'] };

/** Talks to the worker's rights-request routes of one site. */
export class RightsRequestApi {
  #base: string;

  constructor(apiBase: string, siteId: string) {
    this.#base = `${apiBase.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(siteId)}/rights-requests`;
  }

  async #post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    try {
      const res = await fetch(`${this.#base}${path}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as T & Partial<ApiError>;
      if (res.ok) return { ok: true, data: json };
      return { ok: false, status: res.status, error: json?.error ?? { code: 'http_error', message: `HTTP ${res.status}` } };
    } catch {
      return { ok: false, status: 0, error: { code: 'network_error', message: 'The request could not be sent. Check your connection and try again.' } };
    }
  }

  /** Submits a request; the worker emails a code to the address. */
  submit(request: RightsRequestInput): Promise<ApiResult<{ requestId: string; status: string; statusToken: string }>> {
    return this.#post('', request);
  }

  /** Confirms the email with the code. */
  verify(requestId: string, code: string): Promise<ApiResult<{ requestId: string; status: string; dueAt: string }>> {
    return this.#post(`/${encodeURIComponent(requestId)}/verify`, { code });
  }
}
