import type { PublishedNotice } from '@novoaigen/consent-schema';

/** One entry of a notice's version list. */
export interface NoticeVersionInfo {
  version: number;
  publishedAt: string;
  materialChange: boolean;
  lastUpdated: string;
}

/** Reads a site's privacy notice from the worker. Throws on network or HTTP errors. */
export class NoticeApi {
  #base: string;

  constructor(apiBase: string, siteId: string) {
    this.#base = `${apiBase.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(siteId)}/notice`;
  }

  async #get<T>(path: string, query: Record<string, string | number | undefined>): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined).map(([k, v]) => [k, String(v)]));
    const res = await fetch(`${this.#base}${path}?${params}`, { credentials: 'omit' });
    if (!res.ok) throw new Error(`notice request failed with HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  /** The latest notice in `locale` (or the site's default), or a given version. */
  notice(locale?: string, version?: number): Promise<PublishedNotice> {
    return this.#get('', { locale, version });
  }

  /** The notice's versions, newest first, and the locales it exists in. */
  versions(locale?: string): Promise<{ versions: NoticeVersionInfo[]; locales: string[] }> {
    return this.#get('/versions', { locale });
  }
}
