// The few admin API calls the harnesses need, with the worker's root key.

/**
 * A small admin client for one worker.
 * @param {string} origin  the worker's origin
 * @param {string} rootKey  its ADMIN_ROOT_KEY
 */
export function adminClient(origin, rootKey) {
  /** Calls the admin API; throws with the answer on anything but 2xx. */
  async function call(method, route, body) {
    const res = await fetch(`${origin}/v1/admin${route}`, {
      method,
      headers: { Authorization: `Bearer ${rootKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`${method} /v1/admin${route}: HTTP ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  }
  return {
    /**
     * Creates a site (default config: necessary, analytics, marketing) allowed for `origins`.
     * @param {string} name
     * @param {string[]} origins
     * @returns {Promise<string>} the site id
     */
    async createSite(name, origins) {
      const { siteId } = await call('POST', '/sites', { name, origins });
      return siteId;
    },
    /** Points the site's rights-request forwarding at a webhook. */
    setForwarding(siteId, webhookUrl, webhookSecret) {
      return call('PATCH', `/sites/${siteId}`, { forwarding: { webhookUrl, webhookSecret } });
    },
    /**
     * Every rights request of the site, in brief (status, forwardingStatus, …; no personal data).
     * @returns {Promise<Array<{ requestId: string, status: string, forwardingStatus: string }>>}
     */
    async rightsRequests(siteId) {
      const items = [];
      for (let cursor = ''; ; ) {
        const page = await call('GET', `/sites/${siteId}/rights-requests?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        items.push(...page.items);
        if (!page.nextCursor) return items;
        cursor = page.nextCursor;
      }
    },
    /** Moves a rights request along (`in_progress`, `completed`, …), as an operator or their systems do. */
    setRequestStatus(siteId, requestId, status) {
      return call('POST', `/sites/${siteId}/rights-requests/${requestId}/status`, { status });
    },
    /**
     * The site's whole ledger through the JSONL export (the ledger lives in Durable Objects, which
     * have no command-line reader), in the row shape of the D1 ledger the harnesses compare with.
     * @returns {Promise<Array<{ event_id: string, subject_id: string, occurred_at: string | null, method: string, categories: string }>>}
     */
    async ledger(siteId) {
      const res = await fetch(`${origin}/v1/admin/sites/${siteId}/consents?format=jsonl`, { headers: { Authorization: `Bearer ${rootKey}` }, signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`ledger export of ${siteId}: HTTP ${res.status} ${await res.text()}`);
      return (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const row = JSON.parse(line);
          return { event_id: row.eventId, subject_id: row.subjectId, occurred_at: row.occurredAt, method: row.method, categories: JSON.stringify(row.categories) };
        });
    },
    /** One rights request as an operator sees it (decrypted, with history and forwarding attempts). */
    rightsRequest(siteId, requestId) {
      return call('GET', `/sites/${siteId}/rights-requests/${requestId}`);
    },
  };
}
