import { expect, html } from '@open-wc/testing';
import { renderWithStore } from '../../test/fixtures.js';
import { sendKeys } from '@web/test-runner-commands';
import { defineNoticeDialog, type NovoNoticeDialog } from './notice-dialog.js';
import { definePrivacyNotice } from './privacy-notice.js';

definePrivacyNotice();
defineNoticeDialog();

describe('<novo-notice-dialog>', () => {
  const original = window.fetch;
  afterEach(() => (window.fetch = original));

  it('shows the notice in a modal dialog and closes on Escape', async () => {
    window.fetch = async () => new Response('{}', { status: 404 });
    const el = (await renderWithStore<NovoNoticeDialog>(html`<novo-notice-dialog site="demo" api="https://api.test" locale="en"></novo-notice-dialog>`)).element;
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(false);
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(dialog.matches(':modal')).to.equal(true);
    const notice = el.shadowRoot!.querySelector('novo-privacy-notice')!;
    expect([notice.getAttribute('site'), notice.getAttribute('api'), notice.getAttribute('locale')]).to.deep.equal(['demo', 'https://api.test', 'en']);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
  });
});
