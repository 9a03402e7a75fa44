import { expect } from '@open-wc/testing';
import { clearCookies, FakeApi, ManualTimers, testCategory, testConfig } from '../test/fakes.js';
import { readConsentCookie } from './consent-cookie.js';
import { indexedDbStorage, memoryStorage } from './consent-storage.js';
import { ConsentStore, type ConsentStoreOptions } from './consent-store.js';

const DAY = 24 * 60 * 60 * 1000;

function makeStore(overrides: Partial<ConsentStoreOptions> = {}) {
  const api = (overrides.api as FakeApi | undefined) ?? new FakeApi();
  const errors: unknown[] = [];
  const store = new ConsentStore({ api, storage: memoryStorage(), document, timers: new ManualTimers(), onError: (e) => errors.push(e), ...overrides });
  return { store, api, errors };
}

/** Lets the outbox's background delivery run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('ConsentStore', () => {
  beforeEach(clearCookies);

  it('asks for a decision when the visitor has none, with nothing granted but required categories', async () => {
    const { store } = makeStore();
    expect(store.bannerVisible).to.equal(false);
    await store.ready;
    expect(store.needsDecision).to.equal(true);
    expect(store.bannerVisible).to.equal(true);
    expect(store.state).to.equal(null);
    expect(store.choices()).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(store.has('necessary')).to.equal(true);
    expect(store.has('analytics')).to.equal(false);
  });

  it('records accept-all: state, cookie, and an event delivered to the API', async () => {
    const { store, api } = makeStore();
    const state = await store.acceptAll();
    expect(state?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(state?.method).to.equal('accept_all');
    expect(state?.subjectId).to.match(/^[0-9a-f]{32}$/);
    expect(store.bannerVisible).to.equal(false);
    expect(readConsentCookie(document.cookie)).to.deep.equal(state);
    await settle();
    expect(api.delivered).to.have.length(1);
    expect(api.delivered[0]).to.include({ subjectId: state?.subjectId, method: 'accept_all', revision: 1, locale: 'en' });
    expect(api.delivered[0]?.eventId).to.match(/^[0-9a-f]{32}$/);
    expect(api.attempts, 'sent once, not once more by the outbox').to.equal(1);
    expect(await store.pendingEvents()).to.deep.equal([]);
    expect(store.receipt).to.equal(`receipt-of-${api.delivered[0]?.eventId}`);
  });

  it('keeps one subject id across decisions and gives each event its own id', async () => {
    const { store, api } = makeStore();
    await store.rejectAll();
    await store.set({ analytics: true }, 'toggle');
    await settle();
    const [first, second] = api.delivered;
    expect(first?.subjectId).to.equal(second?.subjectId);
    expect(first?.eventId).not.to.equal(second?.eventId);
    expect(second?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(second?.method).to.equal('toggle');
  });

  it('never lets a required category be refused and ignores unknown ones', async () => {
    const { store } = makeStore();
    const state = await store.set({ necessary: false, analytics: true, unknown: true });
    expect(state?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });

  it('deletes the cookies of categories that are not granted', async () => {
    const { store } = makeStore();
    await store.acceptAll();
    document.cookie = '_test_analytics=1; Path=/';
    document.cookie = '_test_mkt_id=2; Path=/';
    document.cookie = 'unrelated=3; Path=/';
    await store.set({ analytics: false, marketing: false });
    expect(document.cookie).not.to.contain('_test_analytics');
    expect(document.cookie).not.to.contain('_test_mkt_id');
    expect(document.cookie).to.contain('unrelated=3');
  });

  it('asks again when the config revision is bumped', async () => {
    const first = makeStore();
    await first.store.acceptAll();
    const { store } = makeStore({ api: new FakeApi(testConfig({ revision: 2 })) });
    await store.ready;
    expect(store.needsDecision).to.equal(true);
    expect(store.has('analytics')).to.equal(false);
  });

  it('records the notice version shown, and says when a material notice change is why it asks again', async () => {
    const notice = { version: 3, lastUpdated: '2026-01-01', materialChangeAt: null };
    const first = makeStore({ api: new FakeApi(testConfig({ notice })), now: () => Date.parse('2026-02-01T00:00:00Z') });
    await first.store.acceptAll();
    await settle();
    expect((first.api as FakeApi).delivered[0]?.noticeVersion).to.equal(3);
    expect(first.store.noticeChangedAt).to.equal(null);

    const changed = { version: 4, lastUpdated: '2026-03-01', materialChangeAt: '2026-03-01T09:00:00.000Z' };
    const { store } = makeStore({ api: new FakeApi(testConfig({ revision: 2, notice: changed })) });
    await store.ready;
    expect(store.needsDecision).to.equal(true);
    expect(store.noticeChangedAt).to.equal('2026-03-01T09:00:00.000Z');

    clearCookies();
    const newcomer = makeStore({ api: new FakeApi(testConfig({ revision: 2, notice: changed })) });
    await newcomer.store.ready;
    expect(newcomer.store.noticeChangedAt).to.equal(null);
  });

  it('asks again once the decision has expired', async () => {
    const first = makeStore({ now: () => Date.now() - 40 * DAY });
    await first.store.acceptAll();
    const stillValid = makeStore({ now: () => Date.now() });
    await stillValid.store.ready;
    expect(stillValid.store.needsDecision).to.equal(false);
    const { store } = makeStore({ api: new FakeApi(testConfig({ expiryDays: 30 })) });
    await store.ready;
    expect(store.needsDecision).to.equal(true);
  });

  it('starts sending a decision before anyone hears of it, so a page left at once still delivers it', async () => {
    const { store, api } = makeStore();
    await store.ready;
    await settle();
    const attemptsWhenHeard = new Promise((resolve) => store.onChange(() => resolve(api.attempts)));
    void store.set({ analytics: true }, 'toggle');
    expect(await attemptsWhenHeard).to.equal(1);
  });

  it('shows the banner without waiting for IndexedDB when there is no consent cookie, and records a choice made meanwhile', async () => {
    const opening = memoryStorage();
    const waiting: (() => void)[] = [];
    const storage = { ...opening, get: <K extends 'state'>(key: K) => new Promise<void>((resolve) => waiting.push(resolve)).then(() => opening.get(key)) };
    const { store, api } = makeStore({ storage: storage as typeof opening });
    await new Promise<void>((resolve) => store.subscribe(resolve));
    expect(store.bannerVisible, 'banner before IndexedDB answered').to.equal(true);
    const state = await store.rejectAll();
    expect(state?.method).to.equal('reject_all');
    expect(store.bannerVisible).to.equal(false);
    expect(api.attempts).to.equal(1);
    for (const answer of waiting) answer();
    await store.ready;
    expect(store.state).to.deep.equal(state);
  });

  it('hides the banner in the task of the choice, sends it there too, and cleans cookies and tells listeners after the next paint', async () => {
    document.cookie = '_test_analytics=1; Path=/';
    const { store, api } = makeStore();
    await store.ready;
    const heard: string[] = [];
    store.onChange((state) => heard.push(state.method));
    const seen = new Promise<{ bannerVisible: boolean; attempts: number; heard: number; cookie: string }>((resolve) =>
      store.subscribe(() => resolve({ bannerVisible: store.bannerVisible, attempts: api.attempts, heard: heard.length, cookie: document.cookie })),
    );
    const done = store.rejectAll();
    const shown = await seen;
    expect(shown.bannerVisible).to.equal(false);
    expect(shown.attempts, 'the keepalive send started with the choice').to.equal(1);
    expect(shown.heard, 'listeners wait for the paint').to.equal(0);
    expect(shown.cookie, 'clean-up waits for the paint').to.contain('_test_analytics');
    await done;
    expect(heard).to.deep.equal(['reject_all']);
    expect(document.cookie).not.to.contain('_test_analytics');
  });

  it('delivers a decision whose write to the device never completes (the page was left mid-write)', async () => {
    const stalled = memoryStorage();
    const storage = { ...stalled, update: () => new Promise<void>(() => {}) };
    const { store, api } = makeStore({ storage });
    await store.ready;
    await settle();
    void store.rejectAll();
    await settle();
    expect(api.delivered.map((event) => event.method)).to.deep.equal(['reject_all']);
  });

  it('keeps undelivered events until the API accepts them, and still sends a new decision at once', async () => {
    const api = new FakeApi();
    api.result = 'retry';
    const timers = new ManualTimers();
    const { store } = makeStore({ api, timers });
    await store.rejectAll();
    await settle();
    expect(api.attempts).to.equal(1);
    expect(timers.scheduled).to.have.length(1);
    // The views hear of the choice in its own task (listeners only after the next paint).
    const attemptsWhenShown = new Promise((resolve) => store.subscribe(() => resolve(api.attempts)));
    void store.set({ analytics: true }, 'toggle');
    expect(await attemptsWhenShown, 'sent before the older one is retried').to.equal(2);
    await settle();
    expect(api.delivered).to.have.length(0);
    expect((await store.pendingEvents()).map((event) => event.method)).to.deep.equal(['reject_all', 'toggle']);
    expect(timers.scheduled).to.have.length(1);

    api.result = 'accepted';
    timers.runNext();
    await settle();
    expect(api.delivered.map((event) => event.method), 'retried oldest first').to.deep.equal(['reject_all', 'toggle']);
    expect(await store.pendingEvents()).to.deep.equal([]);
    expect(store.receipt).to.equal(`receipt-of-${api.delivered[1]?.eventId}`);
  });

  it("settles decisions in the order they were made, whatever order the answers come in: the latest decision's receipt is kept", async () => {
    const api = new FakeApi();
    const answers: (() => void)[] = [];
    api.deliver = (event) => new Promise((resolve) => answers.push(() => resolve({ status: 'accepted', receipt: `receipt-of-${event.method}` })));
    const { store } = makeStore({ api });
    await store.ready;
    await settle();
    await store.rejectAll();
    await store.set({ analytics: true }, 'toggle');
    await settle();
    expect(answers).to.have.length(2);
    answers[1]?.();
    await settle();
    expect(store.receipt, 'the newer answer waits for the older one').to.equal(null);
    answers[0]?.();
    await settle();
    expect(store.receipt).to.equal('receipt-of-toggle');
    expect(await store.pendingEvents()).to.deep.equal([]);
  });

  it('restores the decision and the unsent events from IndexedDB on the next page view', async () => {
    const dbName = `novo-test-${Math.random()}`;
    const offline = new FakeApi();
    offline.result = 'retry';
    const first = makeStore({ api: offline, storage: indexedDbStorage('demo', undefined, dbName) });
    const state = await first.store.set({ analytics: true }, 'custom');
    clearCookies();

    const online = new FakeApi();
    const { store } = makeStore({ api: online, storage: indexedDbStorage('demo', undefined, dbName) });
    await store.ready;
    expect(store.state).to.deep.equal(state);
    expect(store.receipt).to.equal(null);
    await settle();
    expect(online.delivered.map((event) => event.subjectId)).to.deep.equal([state?.subjectId]);
    const receipt = store.receipt;
    expect(receipt).to.match(/^receipt-of-/);

    const later = makeStore({ api: online, storage: indexedDbStorage('demo', undefined, dbName) });
    await later.store.ready;
    expect(later.store.receipt).to.equal(receipt);
  });

  it('drops an event the API refuses as invalid and reports it, without retrying', async () => {
    const api = new FakeApi();
    api.result = 'rejected';
    const timers = new ManualTimers();
    const { store, errors } = makeStore({ api, timers });
    await store.rejectAll();
    await settle();
    expect(await store.pendingEvents()).to.deep.equal([]);
    expect(errors).to.have.length(1);
    expect(api.attempts).to.equal(1);
    expect(timers.scheduled).to.deep.equal([]);
  });

  it('drops an event that fails the worker\'s schema (400 validation_failed) instead of retrying it for ever', async () => {
    // A category id the worker's schema refuses (upper case) ends up in the event.
    const api = new FakeApi(testConfig({ categories: [testCategory({ id: 'necessary', required: true }), testCategory({ id: 'Analytics' })] }));
    const timers = new ManualTimers();
    const { store, errors } = makeStore({ api, timers });
    const state = await store.acceptAll();
    await settle();
    expect(state?.categories).to.deep.equal({ necessary: true, Analytics: true });
    expect(api.delivered).to.deep.equal([]);
    expect(api.attempts).to.equal(1);
    expect(await store.pendingEvents()).to.deep.equal([]);
    expect(timers.scheduled, 'no retry').to.deep.equal([]);
    expect(errors).to.have.length(1);
    expect(String(errors[0])).to.match(/the consent API refused event [0-9a-f]{32}$/);
  });

  it('notifies subscribers and change listeners, and isolates a throwing listener', async () => {
    const { store, errors } = makeStore();
    let updates = 0;
    const changes: string[] = [];
    store.subscribe(() => updates++);
    store.onChange(() => {
      throw new Error('listener bug');
    });
    const stop = store.onChange((state) => changes.push(state.method));
    await store.acceptAll();
    stop();
    await store.rejectAll();
    expect(changes).to.deep.equal(['accept_all']);
    expect(updates).to.be.greaterThan(1);
    expect(errors.some((e) => e instanceof Error && e.message === 'listener bug')).to.equal(true);
  });

  it('applies a decision made in another tab at once', async () => {
    const channel = `novo-test-${Math.random()}`;
    const here = makeStore({ syncChannel: channel });
    const otherTab = makeStore({ syncChannel: channel });
    await Promise.all([here.store.ready, otherTab.store.ready]);
    const heard = new Promise((resolve) => here.store.onChange(resolve));
    const state = await otherTab.store.acceptAll();
    expect(await heard).to.deep.equal(state);
    expect(here.store.state).to.deep.equal(state);
    expect(here.store.bannerVisible).to.equal(false);
    expect(here.store.has('marketing')).to.equal(true);
  });

  it('opens and closes the banner and preferences on request', async () => {
    const { store } = makeStore();
    await store.acceptAll();
    expect(store.bannerVisible).to.equal(false);
    store.showBanner();
    expect(store.bannerVisible).to.equal(true);
    store.showPreferences();
    expect(store.preferencesOpen).to.equal(true);
    store.closePreferences();
    expect(store.preferencesOpen).to.equal(false);
    await store.rejectAll();
    expect(store.bannerVisible).to.equal(false);
  });

  it('reports, instead of throwing, when the config cannot be loaded', async () => {
    const api = new FakeApi();
    api.fetchConfig = async () => {
      throw new Error('offline');
    };
    const { store, errors } = makeStore({ api });
    await store.ready;
    expect(store.config).to.equal(null);
    expect(store.bannerVisible).to.equal(false);
    expect(await store.acceptAll()).to.equal(null);
    expect(errors.length).to.be.greaterThan(0);
  });

  describe('where document.cookie throws (sandboxed frames, some privacy modes)', () => {
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    const refuse = () => {
      throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
    };

    beforeEach(() => Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: refuse, set: refuse }));
    afterEach(() => Object.defineProperty(Document.prototype, 'cookie', cookie));

    it('asks, applies and delivers a refusal, a choice and a withdrawal, and reports the cookie as unavailable once', async () => {
      let lost = 0;
      const { store, api, errors } = makeStore({ onCookieUnavailable: () => lost++ });
      await store.ready;
      expect(store.bannerVisible).to.equal(true);
      await store.rejectAll();
      expect(store.bannerVisible).to.equal(false);
      await store.set({ analytics: true }, 'toggle');
      expect(store.has('analytics')).to.equal(true);
      await store.set({ analytics: false }, 'toggle');
      expect(store.has('analytics')).to.equal(false);
      await settle();
      expect(api.delivered.map((event) => [event.method, event.categories.analytics])).to.deep.equal([
        ['reject_all', false],
        ['toggle', true],
        ['toggle', false],
      ]);
      expect(lost).to.equal(1);
      expect(errors).to.deep.equal([]);
    });
  });
});
