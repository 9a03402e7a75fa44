import { expect } from '@open-wc/testing';
import { clearCookies } from '../test/fakes.js';
import { deleteCookies, matchingCookieNames } from './cookie-cleanup.js';

describe('cookie cleanup', () => {
  beforeEach(clearCookies);

  it('matches exact names and prefixes', () => {
    expect(matchingCookieNames('_ga=1; _ga_XYZ=2; _gid=3; other=4', ['_ga*', '_gid'])).to.deep.equal(['_ga', '_ga_XYZ', '_gid']);
  });

  it('deletes matching cookies set on the root path and leaves others', () => {
    document.cookie = '_ga=1; Path=/';
    document.cookie = '_ga_ABC=2; Path=/';
    document.cookie = 'keep=3; Path=/';
    expect(deleteCookies(document, ['_ga*'])).to.deep.equal(['_ga', '_ga_ABC']);
    expect(document.cookie).to.equal('keep=3');
  });
});
