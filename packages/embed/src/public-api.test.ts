import { ConsentStore, memoryStorage, type ConsentState } from '@novoaigen/consent-core';
import { expect } from '@open-wc/testing';
import { clearCookies, FakeApi } from '../../core/test/fakes.js';
import { createPublicApi, type NovoConsentApi } from './public-api.js';

describe('window.NovoConsent', () => {
  let api: NovoConsentApi;
  let warnings: unknown[][];
  const originalWarn = console.warn;

  beforeEach(() => {
    clearCookies();
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    api = createPublicApi(new ConsentStore({ api: new FakeApi(), storage: memoryStorage(), document, onError: () => {} }));
  });

  afterEach(() => {
    console.warn = originalWarn;
  });

  it('resolves ready with null before any decision, then reports decisions', async () => {
    expect(await api.ready).to.equal(null);
    expect(api.get()).to.equal(null);
    expect(api.has('necessary')).to.equal(true);
    expect(api.has('analytics')).to.equal(false);
    const state = await api.set({ analytics: true });
    expect(state?.method).to.equal('api');
    expect(api.get()).to.deep.equal(state);
    expect(api.has('analytics')).to.equal(true);
  });

  it('calls change listeners until they unsubscribe', async () => {
    const seen: ConsentState['method'][] = [];
    const off = api.on('change', (state) => seen.push(state.method));
    await api.acceptAll();
    off();
    await api.rejectAll();
    expect(seen).to.deep.equal(['accept_all']);
  });

  it('never throws into the page on bad input', async () => {
    const loose = api as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(await loose.set!(null)).to.equal(null);
    expect(await loose.set!('analytics')).to.equal(null);
    const state = await loose.set!({ analytics: 'yes', marketing: true });
    expect((state as ConsentState).categories).to.deep.equal({ necessary: true, analytics: false, marketing: true });
    expect(loose.on!('explode', () => {})).to.be.a('function');
    expect(loose.on!('change', 'not a function')).to.be.a('function');
    expect(loose.has!(undefined)).to.equal(false);
    expect(warnings.length).to.be.greaterThan(0);
  });
});
