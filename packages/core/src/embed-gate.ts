import { requiredCategories } from './script-gate.js';

const GATED_SELECTOR = 'iframe[data-consent][data-src]';
/** The element the gate puts in front of a waiting embed; its code loads only when a page has one. */
export const EMBED_PLACEHOLDER_TAG = 'novo-embed-placeholder';

/**
 * Keeps `<iframe data-consent="marketing" data-src="…">` embeds (videos, maps) unloaded, so the
 * third party sets no cookie and learns nothing, until every category they name is granted, and
 * puts a `<novo-embed-placeholder>` in front of each, with the iframe's size so the page does not
 * shift. The placeholder's "Load content" loads that one embed for this page view
 * (`novo-embed-load`); its "Allow" grants the category, which loads them all.
 */
export class EmbedGate {
  #doc: Document;
  #isGranted: (category: string) => boolean;
  #placeholders = new WeakMap<HTMLIFrameElement, HTMLElement>();
  #observer: MutationObserver | null = null;
  #onLoadRequest = (event: Event) => {
    const frame = [...this.#doc.querySelectorAll<HTMLIFrameElement>(GATED_SELECTOR)].find((f) => this.#placeholders.get(f) === event.target);
    if (frame) this.#load(frame);
  };

  constructor(doc: Document, isGranted: (category: string) => boolean) {
    this.#doc = doc;
    this.#isGranted = isGranted;
  }

  /** Gates the embeds already on the page and those added later. */
  start(): void {
    this.update();
    this.#doc.addEventListener('novo-embed-load', this.#onLoadRequest);
    this.#observer ??= new MutationObserver(() => this.update());
    this.#observer.observe(this.#doc.documentElement, { childList: true, subtree: true });
  }

  stop(): void {
    this.#doc.removeEventListener('novo-embed-load', this.#onLoadRequest);
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** Loads every waiting embed whose categories are now all granted; puts placeholders before the others. */
  update(): void {
    for (const frame of this.#doc.querySelectorAll<HTMLIFrameElement>(GATED_SELECTOR)) {
      const categories = requiredCategories(frame);
      if (categories.every(this.#isGranted)) this.#load(frame);
      else if (!this.#placeholders.has(frame)) this.#placeBefore(frame, categories);
    }
  }

  #placeBefore(frame: HTMLIFrameElement, categories: string[]): void {
    const placeholder = this.#doc.createElement(EMBED_PLACEHOLDER_TAG);
    placeholder.setAttribute('category', categories.find((c) => !this.#isGranted(c)) ?? '');
    for (const name of ['service', 'vendor']) {
      const value = frame.getAttribute(`data-${name}`);
      if (value) placeholder.setAttribute(name, value);
    }
    placeholder.setAttribute('src', frame.getAttribute('data-src') ?? '');
    // The iframe's own size and flow (an iframe is inline unless styled otherwise, sitting on the
    // line's baseline), so swapping one for the other shifts nothing.
    placeholder.style.width = frame.width ? `${frame.width}px` : '100%';
    if (frame.width && frame.height) placeholder.style.aspectRatio = `${frame.width} / ${frame.height}`;
    if (getComputedStyle(frame).display === 'inline') placeholder.style.display = 'inline-block';
    frame.hidden = true;
    frame.before(placeholder);
    this.#placeholders.set(frame, placeholder);
  }

  #load(frame: HTMLIFrameElement): void {
    this.#placeholders.get(frame)?.remove();
    this.#placeholders.delete(frame);
    frame.src = frame.getAttribute('data-src') ?? '';
    frame.removeAttribute('data-src');
    frame.hidden = false;
  }
}
