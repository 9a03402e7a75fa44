import { CATALOGUES } from '@novoaigen/consent-schema';
import { expect, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { FakeApi, renderWithStore, testConfig } from '../../test/fixtures.js';
import { defineRightsRequest, type NovoRightsRequest } from './rights-request.js';

defineRightsRequest();

type Responder = (url: string, body: unknown) => { status: number; body: unknown };

/** Stands in for the worker at the network boundary, recording what the form sent. */
function stubApi(responder: Responder) {
  const sent: { url: string; body: unknown }[] = [];
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const url = String(input);
    const body = JSON.parse(String(init?.body ?? 'null')) as unknown;
    sent.push({ url, body });
    const answer = responder(url, body);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { sent, restore: () => (window.fetch = original) };
}

const part = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;

async function fill(el: NovoRightsRequest, values: Record<string, string>) {
  for (const [id, value] of Object.entries(values)) {
    const control = part<HTMLInputElement | HTMLSelectElement>(el, `#${id}`);
    control.value = value;
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
  await el.updateComplete;
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<novo-rights-request>', () => {
  let api: ReturnType<typeof stubApi> | null = null;
  afterEach(() => api?.restore());

  /** The form on a page whose consent store has the visitor's words (English unless `config` says otherwise). */
  const fixture = async <T extends Element>(template: TemplateResult, config = testConfig()) => (await renderWithStore<T>(template, new FakeApi(config))).element;
  const render = () => fixture<NovoRightsRequest>(html`<novo-rights-request site="demo" api="https://api.test"></novo-rights-request>`);

  it('labels every control and is accessible (axe)', async () => {
    const el = await render();
    for (const id of ['type', 'fullName', 'email', 'details', 'accountId', 'region', 'confirm']) {
      expect(part<HTMLInputElement>(el, `#${id}`).labels?.length, id).to.equal(1);
    }
    expect(part(el, '.honeypot').getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('marks every required field in words, not colour alone, and none of the optional ones', async () => {
    const el = await render();
    const marked = () =>
      Object.fromEntries(
        [...el.shadowRoot!.querySelectorAll('label')]
          .filter((label) => label.htmlFor !== 'website')
          .map((label) => [label.htmlFor, label.querySelector('.required')?.textContent ?? '']),
      );
    expect(marked()).to.deep.equal({ type: '', fullName: '(required)', email: '(required)', details: '', accountId: '', region: '', confirm: '(required)' });
    for (const id of ['fullName', 'email', 'confirm']) expect(part<HTMLInputElement>(el, `#${id}`).required, id).to.equal(true);
    await fill(el, { type: 'correction' });
    expect(marked().details).to.equal('(required)');
    expect(part<HTMLTextAreaElement>(el, '#details').required).to.equal(true);
  });

  it('validates with the shared schema: messages next to each field, announced, focus on the first', async () => {
    api = stubApi(() => ({ status: 500, body: {} }));
    const el = await render();
    await fill(el, { type: 'correction', email: 'not an email' });
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    const invalid = [...el.shadowRoot!.querySelectorAll('[aria-invalid="true"]')].map((control) => control.id);
    expect(invalid).to.deep.equal(['fullName', 'email', 'details', 'confirm']);
    expect(part(el, '#details-error').textContent).to.equal('Please fill in this field.');
    expect(part(el, '#details').getAttribute('aria-describedby')).to.equal('details-hint details-error');
    expect(part(el, '[role="status"]').textContent).to.equal('Please correct the highlighted fields.');
    expect(deepActiveElement()?.id).to.equal('fullName');
    expect(api.sent).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('sends a valid request, then takes the code and shows the reference and due date', async () => {
    api = stubApi((url) =>
      url.endsWith('/verify')
        ? { status: 200, body: { requestId: 'req-1', status: 'verified', dueAt: '2026-12-25T10:00:00.000Z' } }
        : { status: 202, body: { requestId: 'req-1', status: 'pending_verification', statusToken: 't' } },
    );
    const el = await render();
    const confirmed = new Promise<CustomEvent>((resolve) => el.addEventListener('novo-rights-request', resolve as EventListener));
    await fill(el, { type: 'access', fullName: 'Ada Lovelace', email: 'ada@example.org' });
    part<HTMLInputElement>(el, '#confirm').click();
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
    expect(api.sent[0]).to.deep.equal({
      url: 'https://api.test/v1/sites/demo/rights-requests',
      body: { type: 'access', fullName: 'Ada Lovelace', email: 'ada@example.org', region: 'other', confirm: true },
    });
    expect(part(el, 'h2').textContent).to.equal('Check your email');
    expect(deepActiveElement()?.localName).to.equal('h2');
    expect(part(el, 'p').textContent).to.contain('ada@example.org');

    part<HTMLInputElement>(el, '#code').focus();
    await sendKeys({ type: '123456' });
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    expect((await confirmed).detail).to.deep.equal({ requestId: 'req-1', dueAt: '2026-12-25T10:00:00.000Z' });
    await el.updateComplete;
    expect(api.sent[1]).to.deep.equal({ url: 'https://api.test/v1/sites/demo/rights-requests/req-1/verify', body: { code: '123456' } });
    expect(part(el, 'h2').textContent).to.equal('Request received');
    expect(part(el, '[part="confirmation"]').textContent).to.contain('req-1');
    await expect(el).to.be.accessible();
  });

  it('still sends when the consent cookie is unreadable: malformed by a sibling subdomain, or document.cookie throwing', async () => {
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    const refuse = () => {
      throw new DOMException('', 'SecurityError');
    };
    api = stubApi(() => ({ status: 202, body: { requestId: 'req-1', status: 'pending_verification', statusToken: 't' } }));
    document.cookie = 'novo_consent=%E0%A4%A; Path=/';
    try {
      for (const breakCookies of [() => {}, () => Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: refuse, set: refuse })]) {
        breakCookies();
        const el = await render();
        await fill(el, { type: 'access', fullName: 'Ada Lovelace', email: 'ada@example.org' });
        part<HTMLInputElement>(el, '#confirm').click();
        part<HTMLButtonElement>(el, 'button[type="submit"]').click();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await el.updateComplete;
        expect(part(el, 'h2').textContent).to.equal('Check your email');
      }
    } finally {
      Object.defineProperty(Document.prototype, 'cookie', cookie);
      document.cookie = 'novo_consent=; Max-Age=0; Path=/';
    }
    expect(api.sent.map(({ body }) => body)).to.deep.equal(
      Array(2).fill({ type: 'access', fullName: 'Ada Lovelace', email: 'ada@example.org', region: 'other', confirm: true }),
    );
  });

  it('shows the worker\'s per-field errors and a wrong code next to the code field', async () => {
    api = stubApi((url) =>
      url.endsWith('/verify')
        ? { status: 422, body: { error: { code: 'invalid_code', message: 'That code is not right. 4 tries left.' } } }
        : { status: 202, body: { requestId: 'req-2', status: 'pending_verification', statusToken: 't' } },
    );
    const el = await render();
    await fill(el, { fullName: 'Ada', email: 'ada@example.org' });
    part<HTMLInputElement>(el, '#confirm').click();
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
    part<HTMLInputElement>(el, '#code').value = '000000';
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
    expect(part(el, '#code-error').textContent).to.equal('That code is not right. Please try again.');
    expect(part(el, '#code').getAttribute('aria-invalid')).to.equal('true');
  });

  it('sends the receipt of the visitor\'s latest recorded choice, which proves their subject id, and no bare id', async () => {
    api = stubApi(() => ({ status: 202, body: { requestId: 'req-4', status: 'pending_verification', statusToken: 't' } }));
    const { element: el, store } = await renderWithStore<NovoRightsRequest>(html`<novo-rights-request site="demo" api="https://api.test"></novo-rights-request>`, new FakeApi(testConfig()));
    await store.acceptAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.receipt).to.match(/^receipt-of-/);
    await fill(el, { fullName: 'Ada', email: 'ada@example.org' });
    part<HTMLInputElement>(el, '#confirm').click();
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const body = api.sent.find((sent) => sent.url.endsWith('/rights-requests'))?.body as Record<string, unknown>;
    expect(body.receipt).to.equal(store.receipt);
    expect(body).not.to.have.property('subjectId');
  });

  it('sends the token of a Turnstile widget placed in its slot', async () => {
    api = stubApi(() => ({ status: 202, body: { requestId: 'req-3', status: 'pending_verification', statusToken: 't' } }));
    const el = await fixture<NovoRightsRequest>(html`<novo-rights-request site="demo" api="https://api.test">
      <div slot="turnstile"><input type="hidden" name="cf-turnstile-response" value="token-from-widget" /></div>
    </novo-rights-request>`);
    await fill(el, { fullName: 'Ada', email: 'ada@example.org' });
    part<HTMLInputElement>(el, '#confirm').click();
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((api.sent[0]?.body as { turnstileToken?: string }).turnstileToken).to.equal('token-from-widget');
  });

  it('takes its words from `texts` over the config\'s', async () => {
    const el = await fixture<NovoRightsRequest>(html`<novo-rights-request site="demo" api="https://api.test" .texts=${{ rightsTitle: 'Vos droits', rightsSubmit: 'Envoyer' }}></novo-rights-request>`);
    expect(part(el, 'h2').textContent).to.equal('Vos droits');
    expect(part(el, 'button[type="submit"]').textContent).to.equal('Envoyer');
  });

  it('speaks the visitor\'s language, validation messages included', async () => {
    const de = CATALOGUES.de;
    const el = await fixture<NovoRightsRequest>(html`<novo-rights-request site="demo" api="https://api.test"></novo-rights-request>`, testConfig({ locale: 'de', texts: de }));
    expect(part(el, 'h2').textContent).to.equal(de.rightsTitle);
    expect(part(el, '#type option[value="deletion"]').textContent).to.equal(de.rightsTypeDeletion);
    await fill(el, { email: 'keine Adresse' });
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    expect(part(el, '#email-error').textContent).to.equal(de.errorEmail);
    expect(part(el, '#fullName-error').textContent).to.equal(de.errorRequired);
    expect(part(el, '[role="status"]').textContent).to.equal(de.rightsFixErrors);
  });

  describe('site and api', () => {
    /** A store that knows its site, as `start()` (or the script tag) builds it. */
    const siteApi = () => Object.assign(new FakeApi(), { siteId: 'demo', apiBase: 'https://api.test' });
    const accepted = () => stubApi(() => ({ status: 202, body: { requestId: 'req-4', status: 'pending_verification', statusToken: 't' } }));

    async function send(el: NovoRightsRequest) {
      await fill(el, { fullName: 'Ada', email: 'ada@example.org' });
      part<HTMLInputElement>(el, '#confirm').click();
      part<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    it('come from the consent store when the element has none', async () => {
      api = accepted();
      const { element } = await renderWithStore<NovoRightsRequest>(html`<novo-rights-request></novo-rights-request>`, siteApi());
      await send(element);
      expect(api.sent.map((call) => call.url)).to.deep.equal(['https://api.test/v1/sites/demo/rights-requests']);
    });

    it('set on the element win over the store\'s, each on its own', async () => {
      api = accepted();
      const both = (await renderWithStore<NovoRightsRequest>(html`<novo-rights-request site="shop" api="https://eu.api.test"></novo-rights-request>`, siteApi())).element;
      await send(both);
      const siteOnly = (await renderWithStore<NovoRightsRequest>(html`<novo-rights-request site="shop"></novo-rights-request>`, siteApi())).element;
      await send(siteOnly);
      expect(api.sent.map((call) => call.url)).to.deep.equal(['https://eu.api.test/v1/sites/shop/rights-requests', 'https://api.test/v1/sites/shop/rights-requests']);
    });

    it('missing everywhere: says so in the console once, and the form says it cannot be sent instead of failing', async () => {
      api = accepted();
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const el = await renderWithStore<NovoRightsRequest>(html`<novo-rights-request></novo-rights-request>`).then((r) => r.element);
        el.remove();
        document.body.append(el);
        await el.updateComplete;
        expect(warnings.map((args) => String(args[0]))).to.deep.equal([
          '[novo-consent] <novo-rights-request> does not know which site it belongs to: call start() from @novoaigen/consent-embed before it connects, or set its site and api attributes.',
        ]);
        expect(part(el, '[role="status"]').textContent).to.equal(CATALOGUES.en.rightsUnavailable);
        expect(part<HTMLButtonElement>(el, 'button[type="submit"]').disabled).to.equal(true);
        await fill(el, { fullName: 'Ada', email: 'ada@example.org' });
        part<HTMLInputElement>(el, '#confirm').click();
        part(el, 'form').dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(api.sent).to.deep.equal([]);
        expect(part(el, '[role="status"]').textContent).to.equal(CATALOGUES.en.rightsUnavailable);
        el.remove();
      } finally {
        console.warn = warn;
      }
    });
  });
});
