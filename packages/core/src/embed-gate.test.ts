import { expect, fixture, html } from '@open-wc/testing';
import { EmbedGate } from './embed-gate.js';

/** A page the embeds may point at: any request for it would show in the resource timing. */
const EMBED_URL = new URL('../test/embed.html', import.meta.url).href;

const requested = () => performance.getEntriesByType('resource').some((entry) => entry.name === EMBED_URL);
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('EmbedGate', () => {
  let granted: Set<string>;
  let gate: EmbedGate;

  beforeEach(() => {
    performance.clearResourceTimings();
    granted = new Set();
    gate = new EmbedGate(document, (category) => granted.has(category));
  });

  afterEach(() => gate.stop());

  it('keeps a gated iframe unloaded behind a placeholder of its size until its category is granted', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <iframe data-consent="marketing" data-service="youtube" data-src=${EMBED_URL} width="560" height="315" title="Video"></iframe>
    </div>`);
    gate.start();
    const frame = page.querySelector('iframe')!;
    const placeholder = page.querySelector<HTMLElement>('novo-embed-placeholder')!;
    expect(placeholder.nextElementSibling).to.equal(frame);
    expect(placeholder.getAttribute('category')).to.equal('marketing');
    expect(placeholder.getAttribute('service')).to.equal('youtube');
    expect(placeholder.style.width).to.equal('560px');
    expect(placeholder.style.aspectRatio).to.equal('560 / 315');
    expect(frame.hidden).to.equal(true);
    expect(frame.hasAttribute('src')).to.equal(false);
    await nextTask();
    expect(requested()).to.equal(false);

    granted.add('marketing');
    gate.update();
    expect(frame.src).to.equal(EMBED_URL);
    expect(frame.hidden).to.equal(false);
    expect(page.querySelector('novo-embed-placeholder')).to.equal(null);
  });

  it('loads one embed on its placeholder\'s request without granting anything, leaving the others waiting', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <iframe data-consent="marketing" data-src=${`${EMBED_URL}?a`}></iframe>
      <iframe data-consent="marketing" data-src=${`${EMBED_URL}?b`}></iframe>
    </div>`);
    gate.start();
    const [first] = page.querySelectorAll('novo-embed-placeholder');
    first!.dispatchEvent(new Event('novo-embed-load', { bubbles: true, composed: true }));
    const [a, b] = page.querySelectorAll('iframe');
    expect(a!.src).to.equal(`${EMBED_URL}?a`);
    expect(b!.hasAttribute('src')).to.equal(false);
    expect(page.querySelectorAll('novo-embed-placeholder')).to.have.length(1);
  });

  it('gates iframes added to the page later', async () => {
    const page = await fixture<HTMLDivElement>(html`<div></div>`);
    gate.start();
    page.innerHTML = `<iframe data-consent="analytics" data-src="${EMBED_URL}"></iframe>`;
    await nextTask();
    expect(page.querySelector('novo-embed-placeholder')).not.to.equal(null);
    expect(page.querySelector('iframe')!.hasAttribute('src')).to.equal(false);
  });
});
