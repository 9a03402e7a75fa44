import { expect } from '@open-wc/testing';
import type { ServedConsentMode } from '@novoaigen/consent-schema';
import { GoogleConsentMode, gtag, hasConsentDefault } from './google-consent-mode.js';

type TestWindow = Window & { dataLayer?: unknown[] };

/** A stand-in for the page's window, so each test reads its own dataLayer. */
const fakeWindow = (dataLayer?: unknown[]) => ({ dataLayer }) as unknown as TestWindow;
/** What gtag.js would read: each command as a plain array. */
const commands = (win: TestWindow) => (win.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>));

const denied = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
} as const;

/** What the worker serves for a site with region defaults and both settings on. */
const served: ServedConsentMode = {
  defaults: [
    { ...denied, security_storage: 'granted', wait_for_update: 800 },
    { ...denied, analytics_storage: 'granted', security_storage: 'granted', wait_for_update: 800, region: ['US-CA'] },
  ],
  set: { ads_data_redaction: true, url_passthrough: true },
  mapping: { necessary: ['security_storage'], analytics: ['analytics_storage', 'personalization_storage'] },
};

describe('GoogleConsentMode', () => {
  it('pushes the fallback default as an arguments object (as gtag does): all but security storage denied', () => {
    const win = fakeWindow();
    new GoogleConsentMode(win).sendDefaults();
    expect(Object.prototype.toString.call(win.dataLayer![0])).to.equal('[object Arguments]');
    expect(commands(win)).to.deep.equal([['consent', 'default', { ...denied, security_storage: 'granted', wait_for_update: 500 }]]);
  });

  it('keeps what the page pushed before; the general default once, the site\'s region defaults and settings once known', () => {
    const win = fakeWindow([['js', 'earlier']]);
    const mode = new GoogleConsentMode(win);
    mode.sendDefaults();
    mode.sendDefaults(served);
    mode.sendDefaults(served);
    expect(commands(win)).to.deep.equal([
      ['js', 'earlier'],
      ['consent', 'default', { ...denied, security_storage: 'granted', wait_for_update: 500 }],
      ['consent', 'default', served.defaults[1]],
      ['set', 'ads_data_redaction', true],
      ['set', 'url_passthrough', true],
    ]);
  });

  it('sends the site\'s own general default when it is known first, and none when the page already had one', () => {
    const first = fakeWindow();
    new GoogleConsentMode(first).sendDefaults(served);
    expect(commands(first)[0]).to.deep.equal(['consent', 'default', served.defaults[0]]);
    const sent = fakeWindow();
    new GoogleConsentMode(sent, true).sendDefaults(served);
    expect(commands(sent).filter(([, kind]) => kind === 'default')).to.deep.equal([['consent', 'default', served.defaults[1]]]);
  });

  it('updates every key from the categories mapped to it (default mapping)', () => {
    const win = fakeWindow();
    const granted = new Set(['necessary', 'marketing']);
    new GoogleConsentMode(win).sendUpdate((category) => granted.has(category));
    expect(commands(win)).to.deep.equal([
      ['consent', 'update', { ...denied, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', security_storage: 'granted' }],
    ]);
  });

  it('follows the site\'s mapping once known', () => {
    const win = fakeWindow();
    const mode = new GoogleConsentMode(win);
    mode.sendDefaults(served);
    mode.sendUpdate((category) => category === 'analytics');
    expect(commands(win).at(-1)).to.deep.equal(['consent', 'update', { ...denied, analytics_storage: 'granted', personalization_storage: 'granted', security_storage: 'denied' }]);
  });

  it('tells whether the page already has a general default, whoever pushed it', () => {
    const win = fakeWindow([null, { event: 'gtm.js' }, ['js', 'earlier']]);
    expect(hasConsentDefault(win)).to.equal(false);
    expect(hasConsentDefault(fakeWindow())).to.equal(false);
    gtag.call(win, 'consent', 'default', served.defaults[1]);
    expect(hasConsentDefault(win), 'a region default is not the general one').to.equal(false);
    gtag.call(win, 'consent', 'update', served.defaults[0]);
    expect(hasConsentDefault(win)).to.equal(false);
    gtag.call(win, 'consent', 'default', served.defaults[0]);
    expect(hasConsentDefault(win)).to.equal(true);
  });
});
