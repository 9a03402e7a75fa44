import { expect } from '@open-wc/testing';
import { clearCookies, FakeApi, ManualTimers } from '../test/fakes.js';
import { indexedDbStorage } from './consent-storage.js';
import { ConsentStore } from './consent-store.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('storage loss', () => {
  beforeEach(clearCookies);

  it('falls back to memory when IndexedDB is refused, says so once, and keeps every value for the page', async () => {
    const open = indexedDB.open;
    indexedDB.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      let reported = 0;
      const storage = indexedDbStorage('demo', () => reported++, `blocked-${Math.random()}`);
      await storage.set('receipt', 'r-1');
      await storage.update('outbox', (outbox = []) => [...outbox]);
      expect(await storage.get('receipt')).to.equal('r-1');
      expect(await storage.get('outbox')).to.deep.equal([]);
      expect(reported).to.equal(1);
    } finally {
      indexedDB.open = open;
    }
  });

  it('keeps deciding and delivering when the browser drops the consent cookie, and says so once', async () => {
    // A document whose cookie jar accepts nothing, as when a visitor blocks cookies.
    const cookieless = { cookie: '', location: { protocol: 'https:' } } as unknown as Document;
    Object.defineProperty(cookieless, 'cookie', { get: () => '', set: () => {} });
    let reported = 0;
    const api = new FakeApi();
    const store = new ConsentStore({
      api,
      storage: indexedDbStorage('demo', undefined, `cookieless-${Math.random()}`),
      document: cookieless,
      timers: new ManualTimers(),
      onError: () => {},
      onCookieUnavailable: () => reported++,
    });
    await store.acceptAll();
    await store.set({ marketing: false }, 'toggle');
    expect(store.has('analytics')).to.equal(true);
    expect(store.has('marketing')).to.equal(false);
    expect(reported).to.equal(1);
    await settle();
    expect(api.delivered.map((event) => event.method)).to.deep.equal(['accept_all', 'toggle']);
  });
});
