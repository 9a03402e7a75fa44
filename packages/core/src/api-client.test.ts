import { expect } from '@open-wc/testing';
import { ConsentApi } from './api-client.js';

/** A fetch that answers every call with `status` and `body`, as the worker would. */
const answering = (status: number, body: unknown): typeof fetch => async () => Response.json(body, { status });

describe('ConsentApi.fetchConfig', () => {
  it('turns a refused origin into a message that says which origin, which site and how to allow it', async () => {
    const api = new ConsentApi('https://api.test', 'demo', [], answering(403, { error: { code: 'origin_not_allowed', message: 'Origin x is not one of the allowed origins of site demo.' } }));
    const error = await api.fetchConfig().then(
      () => null,
      (refusal: unknown) => refusal,
    );
    expect((error as Error).message).to.equal(
      `origin ${location.origin} is not allowed for site demo: add it with \`npm run site -- update demo --origin ${location.origin} --origin …\` ` +
        '(name every origin to keep: the list is replaced) or the admin API, PATCH /v1/admin/sites/demo with "origins"',
    );
  });

  it('reports other refusals with their status and the worker\'s message', async () => {
    const api = new ConsentApi('https://api.test', 'nope', [], answering(404, { error: { code: 'site_not_found', message: 'There is no site with id "nope".' } }));
    const error = await api.fetchConfig().then(
      () => null,
      (refusal: unknown) => refusal,
    );
    expect((error as Error).message).to.equal('config request failed with HTTP 404: There is no site with id "nope".');
  });
});
