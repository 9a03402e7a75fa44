import { expect } from '@open-wc/testing';
import type { ConsentState } from '@novoaigen/consent-schema';
import { clearCookies, FakeApi, ManualTimers, testConfig } from '../test/fakes.js';
import { memoryStorage, type ConsentStorage } from './consent-storage.js';
import { ConsentStore, type ConsentStoreOptions } from './consent-store.js';

const DAY = 24 * 60 * 60 * 1000;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function makeStore(overrides: Partial<ConsentStoreOptions> = {}) {
  const api = (overrides.api as FakeApi | undefined) ?? new FakeApi();
  const store = new ConsentStore({ api, storage: memoryStorage(), document, timers: new ManualTimers(), onError: () => {}, ...overrides });
  return { store, api };
}

const usVisitor = (gpc = false) => testConfig({ visitor: { region: 'US-CA', regime: 'opt-out', gpc } });

describe('ConsentStore: Global Privacy Control', () => {
  beforeEach(clearCookies);

  it('denies the categories GPC opts out of without a click and records it with method gpc', async () => {
    const { store, api } = makeStore({ gpc: true });
    await store.ready;
    expect(store.has('marketing')).to.equal(false);
    expect(store.state).to.include({ method: 'gpc', gpc: true });
    // Only GPC answered: the visitor still has to decide about the rest.
    expect(store.needsDecision).to.equal(true);
    await settle();
    expect(api.delivered).to.have.length(1);
    expect(api.delivered[0]).to.include({ method: 'gpc', gpc: true, regime: 'opt-in' });
    expect(api.delivered[0]?.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
  });

  it('takes the signal from the worker (Sec-GPC) as well as from the browser', async () => {
    const { store } = makeStore({ api: new FakeApi(testConfig({ visitor: { region: 'DE', regime: 'opt-in', gpc: true } })) });
    await store.ready;
    expect(store.gpc).to.equal(true);
    expect(store.state?.method).to.equal('gpc');
  });

  it('does not record GPC again on the next page view', async () => {
    const storage = memoryStorage();
    const first = makeStore({ gpc: true, storage });
    await first.store.ready;
    // The first page view delivered its event, so the second has nothing of it left to send.
    await settle();
    expect(first.api.delivered).to.have.length(1);
    const second = makeStore({ gpc: true, storage });
    await second.store.ready;
    await settle();
    expect(second.api.delivered).to.deep.equal([]);
  });

  it('keeps a GPC category off on "Accept all", but records an explicit grant as such', async () => {
    const { store, api } = makeStore({ gpc: true });
    const accepted = await store.acceptAll();
    expect(accepted?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(store.needsDecision).to.equal(false);
    const granted = await store.set({ marketing: true }, 'custom');
    expect(granted).to.include({ method: 'custom', gpc: true });
    expect(store.has('marketing')).to.equal(true);
    await settle();
    expect(api.delivered.at(-1)?.categories.marketing).to.equal(true);
  });

  it('overrides an earlier grant made without the signal, once the browser sends it', async () => {
    const storage = memoryStorage();
    const before = makeStore({ storage });
    await before.store.acceptAll();
    const after = makeStore({ storage, gpc: true });
    await after.store.ready;
    expect(after.store.has('marketing')).to.equal(false);
    expect(after.store.has('analytics')).to.equal(true);
    expect(after.store.state?.method).to.equal('gpc');
  });
});

describe('ConsentStore: regimes by region', () => {
  beforeEach(clearCookies);

  it('opt-out: optional categories run until the visitor opts out, with a notice and no decision needed for them', async () => {
    const { store, api } = makeStore({ api: new FakeApi(usVisitor()) });
    await store.ready;
    expect(store.regime).to.equal('opt-out');
    expect(store.has('analytics')).to.equal(true);
    expect(store.has('marketing')).to.equal(true);
    expect(store.bannerVisible).to.equal(true);
    await store.set({ marketing: false }, 'custom');
    expect(store.has('marketing')).to.equal(false);
    expect(store.has('analytics')).to.equal(true);
    await settle();
    expect(api.delivered[0]).to.include({ regime: 'opt-out', region: 'US-CA' });
  });

  it('opt-out: acknowledging the notice keeps what applies and records that the visitor saw it', async () => {
    const { store } = makeStore({ api: new FakeApi(usVisitor()) });
    const state = await store.acknowledge();
    expect(state).to.include({ method: 'notice' });
    expect(state?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(store.bannerVisible).to.equal(false);
  });

  it('opt-out with GPC: sale and sharing stay off', async () => {
    const { store } = makeStore({ api: new FakeApi(usVisitor(true)) });
    await store.ready;
    expect(store.has('analytics')).to.equal(true);
    expect(store.has('marketing')).to.equal(false);
    expect(store.state?.method).to.equal('gpc');
  });

  it('none: nothing is asked and optional categories run', async () => {
    const { store } = makeStore({ api: new FakeApi(testConfig({ visitor: { region: 'BR', regime: 'none', gpc: false } })) });
    await store.ready;
    expect(store.bannerVisible).to.equal(false);
    expect(store.has('analytics')).to.equal(true);
  });
});

describe('ConsentStore: asking again', () => {
  beforeEach(clearCookies);

  /** Storage holding one earlier decision. */
  function storageWith(state: ConsentState): ConsentStorage {
    const storage = memoryStorage();
    void storage.set('state', state);
    return storage;
  }

  const decision = (categories: Record<string, boolean>, ageDays: number, revision = 1): ConsentState => ({
    subjectId: 'subject-0123456789abcdef',
    categories,
    revision,
    method: 'custom',
    gpc: false,
    updatedAt: new Date(Date.now() - ageDays * DAY).toISOString(),
  });

  it('asks again after a refusal sooner than after a grant (6 and 12 months by default)', async () => {
    const refused = makeStore({ storage: storageWith(decision({ necessary: true, analytics: false, marketing: false }, 190)) });
    await refused.store.ready;
    expect(refused.store.needsDecision).to.equal(true);
    const granted = makeStore({ storage: storageWith(decision({ necessary: true, analytics: true, marketing: true }, 190)) });
    await granted.store.ready;
    expect(granted.store.needsDecision).to.equal(false);
    const expired = makeStore({ storage: storageWith(decision({ necessary: true, analytics: true, marketing: true }, 366)) });
    await expired.store.ready;
    expect(expired.store.needsDecision).to.equal(true);
  });

  it('preselects the previous choices when an expired or outdated decision is asked again', async () => {
    const expired = makeStore({ storage: storageWith(decision({ necessary: true, analytics: true, marketing: false }, 400)) });
    await expired.store.ready;
    expect(expired.store.state).to.equal(null);
    expect(expired.store.choices()).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(expired.store.has('analytics')).to.equal(false);

    const outdated = makeStore({ api: new FakeApi(testConfig({ revision: 2 })), storage: storageWith(decision({ necessary: true, analytics: false, marketing: true }, 1)) });
    await outdated.store.ready;
    expect(outdated.store.needsDecision).to.equal(true);
    expect(outdated.store.choices()).to.deep.equal({ necessary: true, analytics: false, marketing: true });
  });

  it('honours a configured refusal lifetime', async () => {
    const { store } = makeStore({
      api: new FakeApi(testConfig({ refusalExpiryDays: 30 })),
      storage: storageWith(decision({ necessary: true, analytics: false, marketing: false }, 31)),
    });
    await store.ready;
    expect(store.needsDecision).to.equal(true);
  });
});
