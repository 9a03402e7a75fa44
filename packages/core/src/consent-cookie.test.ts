import { expect } from '@open-wc/testing';
import type { ConsentState } from '@novoaigen/consent-schema';
import { consentCookieString, readConsentCookie } from './consent-cookie.js';

const state: ConsentState = {
  subjectId: 'abcdefghijklmnopqrstuv',
  categories: { necessary: true, analytics: false, marketing: true },
  revision: 3,
  method: 'custom',
  gpc: true,
  updatedAt: '2026-05-01T12:00:00.000Z',
};

describe('consent cookie', () => {
  it('round-trips the state through a cookie string', () => {
    const cookie = consentCookieString(state, 3600, true);
    expect(cookie).to.match(/^novo_consent=[^;]+; Path=\/; Max-Age=3600; SameSite=Lax; Secure$/);
    const value = cookie.split(';')[0] ?? '';
    expect(readConsentCookie(`other=1; ${value}; more=2`)).to.deep.equal(state);
  });

  it('is readable by a server as a query string', () => {
    const value = decodeURIComponent((consentCookieString(state, 60, false).split(';')[0] ?? '').slice('novo_consent='.length));
    const params = new URLSearchParams(value);
    expect(params.get('s')).to.equal(state.subjectId);
    expect(params.get('c')).to.equal('necessary:1,analytics:0,marketing:1');
  });

  it('ignores a missing or garbled cookie', () => {
    expect(readConsentCookie('')).to.equal(null);
    expect(readConsentCookie('novo_consent=garbage')).to.equal(null);
    // Not percent-encoding: a sibling subdomain may set a cookie of this name with any value.
    expect(readConsentCookie('novo_consent=%E0%A4%A')).to.equal(null);
    expect(readConsentCookie('novo_consent=s%3Dx%26r%3D0%26m%3Dcustom%26t%3D1')).to.equal(null);
  });
});
