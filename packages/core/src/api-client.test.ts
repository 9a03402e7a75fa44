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
