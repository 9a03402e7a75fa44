import { ConsentStore, type ConsentStoreOptions, memoryStorage } from '@novoaigen/consent-core';
import { fixture, html } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { FakeApi } from '../../core/test/fakes.js';
import { defineConsentToggle } from '../src/consent-toggle/consent-toggle.js';
import { defineConsentElements } from '../src/define.js';
import { provideConsentStore } from '../src/provide-consent-store.js';

export { clearCookies, FakeApi, testCategory, testConfig } from '../../core/test/fakes.js';

defineConsentElements();
defineConsentToggle();

/** Renders `template` inside a fresh provider with a fresh store, and waits for the config. */
export async function renderWithStore<T extends Element>(template: TemplateResult, api = new FakeApi(), options: Partial<ConsentStoreOptions> = {}) {
  const store = new ConsentStore({ api, storage: memoryStorage(), document, onError: () => {}, ...options });
  const provider = await fixture<HTMLDivElement>(html`<div></div>`);
  provideConsentStore(provider, store);
  await store.ready;
  const container = document.createElement('div');
  provider.append(container);
  render(template, container);
  const element = container.firstElementChild as T;
  await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return { element, store, api, provider };
}

/** Waits until the element re-rendered after a store change. */
export async function nextRender(element: Element): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
}

/** The shadow root's element matching `selector`, failing the test when it is missing. */
export function part<T extends Element = HTMLElement>(element: Element, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${element.localName}>`);
  return found;
}

/**
 * Resolves once nothing on the page or in the element's shadow root animates, checked over a
 * frame: a re-render can start a new animation (the banner's fade-in) after the first finished, and
 * a measurement of colours must see the settled element, not a frame of a fade.
 */
export async function settled(element: Element): Promise<void> {
  for (;;) {
    await new Promise(requestAnimationFrame);
    const running = [...document.getAnimations(), ...(element.shadowRoot?.getAnimations() ?? [])].filter((animation) => animation.playState === 'running');
    if (running.length === 0) return;
    await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
  }
}
