import { expect, fixture, html } from '@open-wc/testing';
import { ScriptGate } from './script-gate.js';

declare global {
  interface Window {
    gateLog?: string[];
  }
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
    const late = document.createElement('script');
    late.type = 'text/plain';
    late.dataset.consent = 'analytics';
    late.text = "window.gateLog.push('late')";
    host.append(late);
    await new Promise((resolve) => setTimeout(resolve));
    expect(window.gateLog).to.deep.equal(['late']);
  });

  it('leaves scripts without a category alone', async () => {
    await fixture(html`<div><script type="text/plain" data-consent="">window.gateLog.push('never')</script></div>`);
    granted.add('analytics');
    gate.start();
    expect(window.gateLog).to.deep.equal([]);
  });
});
