import { expect } from '@open-wc/testing';
import { ConsentApi } from './api-client.js';

/** A fetch that answers every call with `status` and `body`, as the worker would. */
const answering = (status: number, body: BodyInit): typeof fetch => async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

/** The message of the error `fetchConfig` rejects with. */
const refusal = (api: ConsentApi) =>
  api.fetchConfig().then(
    () => 'no error',
    (error: unknown) => (error as Error).message,
  );

describe('ConsentApi.fetchConfig', () => {
  it("rejects with the worker's own explanation, which says what to fix", async () => {
    const message = 'Origin http://localhost:5173 is not allowed for site demo: add it with `npm run site -- update demo --origin http://localhost:5173 --origin …`';
    const api = new ConsentApi('https://api.test', 'demo', [], answering(403, JSON.stringify({ error: { code: 'origin_not_allowed', message } })));
    expect(await refusal(api)).to.equal(message);
  });

  it('rejects with the status when the answer is not the worker\'s (a proxy, an outage page)', async () => {
    const api = new ConsentApi('https://api.test', 'demo', [], answering(502, '<html>Bad gateway</html>'));
    expect(await refusal(api)).to.equal('config request failed with HTTP 502');
  });
});

describe('ConsentApi.prefetchConfig', () => {
  it('starts the config request at once; the next fetchConfig answers with it, later ones ask again', async () => {
    const requested: string[] = [];
    const config = { revision: 1, version: 1, texts: {}, categories: [] };
    const api = new ConsentApi('https://api.test', 'demo', ['de'], async (input) => {
      requested.push(String(input));
      return Response.json(config);
    });
    api.prefetchConfig();
    expect(requested).to.deep.equal(['https://api.test/v1/sites/demo/config?lang=de']);
    expect(await api.fetchConfig()).to.deep.equal(config);
    expect(requested).to.have.length(1);
    await api.fetchConfig();
    expect(requested).to.have.length(2);
  });

  it('leaves no unhandled rejection when the early request fails; fetchConfig reports the failure', async () => {
    const unhandled: unknown[] = [];
    const listen = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    addEventListener('unhandledrejection', listen);
    try {
      const api = new ConsentApi('https://api.test', 'demo', [], answering(502, 'down'));
      api.prefetchConfig();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).to.deep.equal([]);
      expect(await refusal(api)).to.equal('config request failed with HTTP 502');
    } finally {
      removeEventListener('unhandledrejection', listen);
    }
  });
});
