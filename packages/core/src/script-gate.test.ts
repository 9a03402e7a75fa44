import { expect, fixture, html } from '@open-wc/testing';
import { ScriptGate } from './script-gate.js';

declare global {
  interface Window {
    gateLog?: string[];
  }
}

/** A gated inline script created by a script, as single-page apps and injected HTML add them. */
function gatedScript(category: string, text: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.dataset.consent = category;
  script.text = text;
  return script;
}

describe('ScriptGate', () => {
  let granted: Set<string>;
  let gate: ScriptGate;

  beforeEach(() => {
    window.gateLog = [];
    granted = new Set();
    gate = new ScriptGate(document, (category) => granted.has(category));
  });

  afterEach(() => gate.stop());

  it('runs inline scripts only once every category they name is granted, in document order', async () => {
    await fixture(html`<div>
      <script type="text/plain" data-consent="analytics">window.gateLog.push('analytics-1')</script>
      <script type="text/plain" data-consent="analytics marketing">window.gateLog.push('both')</script>
      <script type="text/plain" data-consent="analytics">window.gateLog.push('analytics-2')</script>
    </div>`);
    gate.start();
    expect(window.gateLog).to.deep.equal([]);
    granted.add('analytics');
    gate.update();
    expect(window.gateLog).to.deep.equal(['analytics-1', 'analytics-2']);
    granted.add('marketing');
    gate.update();
    gate.update();
    expect(window.gateLog).to.deep.equal(['analytics-1', 'analytics-2', 'both']);
  });

  it('loads external scripts, keeping their attributes', async () => {
    const url = URL.createObjectURL(new Blob(["window.gateLog.push('external')"], { type: 'text/javascript' }));
    const el = await fixture(html`<div><script type="text/plain" data-consent="analytics" src=${url} id="ext" data-extra="kept"></script></div>`);
    granted.add('analytics');
    gate.start();
    const script = el.querySelector('script');
    expect(script?.type).to.equal('');
    expect(script?.id).to.equal('ext');
    expect(script?.dataset.extra).to.equal('kept');
    await new Promise((resolve) => script?.addEventListener('load', resolve));
    expect(window.gateLog).to.deep.equal(['external']);
  });

  it('activates gated scripts added to the page later', async () => {
    granted.add('analytics');
    gate.start();
    const host = await fixture(html`<div></div>`);
    host.append(gatedScript('analytics', "window.gateLog.push('late')"));
    await new Promise((resolve) => setTimeout(resolve));
    expect(window.gateLog).to.deep.equal(['late']);
  });

  it('leaves scripts without a category alone', async () => {
    await fixture(html`<div><script type="text/plain" data-consent="">window.gateLog.push('never')</script></div>`);
    granted.add('analytics');
    gate.start();
    expect(window.gateLog).to.deep.equal([]);
  });

  describe('when the SDK\'s script tag carries a nonce', () => {
    let warnings: unknown[][];
    const warn = console.warn;

    beforeEach(() => {
      warnings = [];
      console.warn = (...args: unknown[]) => warnings.push(args);
      gate.stop();
      gate = new ScriptGate(document, (category) => granted.has(category), 'our-nonce');
    });

    afterEach(() => {
      console.warn = warn;
    });

    it('runs only the gated scripts with the same nonce; others stay inert and are reported once', async () => {
      const host = await fixture(html`<div>
        <script type="text/plain" data-consent="necessary" nonce="our-nonce">window.gateLog.push('ours')</script>
        <script type="text/plain" data-consent="necessary">window.gateLog.push('injected')</script>
        <script type="text/plain" data-consent="necessary" nonce="other">window.gateLog.push('forged')</script>
      </div>`);
      granted.add('necessary');
      gate.start();
      gate.update();
      host.append(gatedScript('necessary', "window.gateLog.push('late injection')"));
      await new Promise((resolve) => setTimeout(resolve));

      expect(window.gateLog).to.deep.equal(['ours']);
      expect(host.querySelectorAll('script[type="text/plain"]')).to.have.length(3);
      expect(warnings).to.have.length(3);
      expect(warnings.every(([message]) => String(message).startsWith('[novo-consent]'))).to.equal(true);
      expect(warnings.map(([, element]) => (element as HTMLScriptElement).text)).to.deep.equal([
        "window.gateLog.push('injected')",
        "window.gateLog.push('forged')",
        "window.gateLog.push('late injection')",
      ]);
    });
  });
});
