const GATED_SELECTOR = 'script[type="text/plain"][data-consent]';

/** The categories a gated element waits for: `data-consent="analytics marketing"` needs both. */
export function requiredCategories(element: Element): string[] {
  return (element.getAttribute('data-consent') ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * Runs `<script type="text/plain" data-consent="…">` elements, external or inline, once every
 * category they name is granted, including ones added to the page later. A script that ran cannot
 * be un-run; withdrawal is handled by deleting the category's cookies.
 */
export class ScriptGate {
  #observer: MutationObserver | null = null;

  #doc: Document;
  #isGranted: (category: string) => boolean;
  #nonce: string;
  /** Gated scripts left inert for want of the nonce, so each is reported once however often the page changes. */
  #refused = new WeakSet<Element>();

  /**
   * @param nonce The nonce of the SDK's own script tag. Under `'strict-dynamic'` a script the gate
   * creates is trusted whatever its text, so with a nonce only gated scripts carrying the same one
   * run: HTML injected into the page (a comment, a profile field) must not become script.
   */
  constructor(doc: Document, isGranted: (category: string) => boolean, nonce = '') {
    this.#doc = doc;
    this.#isGranted = isGranted;
    this.#nonce = nonce;
  }

  /** Activates what is already allowed and watches for gated scripts added later. */
  start(): void {
    this.update();
    this.#observer ??= new MutationObserver(() => this.update());
    this.#observer.observe(this.#doc.documentElement, { childList: true, subtree: true });
  }

  stop(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** Activates every waiting script whose categories are now all granted, in document order. */
  update(): void {
    for (const placeholder of this.#doc.querySelectorAll<HTMLScriptElement>(GATED_SELECTOR)) {
      const categories = requiredCategories(placeholder);
      if (this.#nonce && placeholder.nonce !== this.#nonce) {
        if (!this.#refused.has(placeholder)) console.warn("[novo-consent] a gated script without the nonce of the SDK's script tag stays inert:", placeholder);
        this.#refused.add(placeholder);
      } else if (categories.length > 0 && categories.every(this.#isGranted)) this.#activate(placeholder);
    }
  }

  #activate(placeholder: HTMLScriptElement): void {
    const script = this.#doc.createElement('script');
    for (const { name, value } of placeholder.attributes) {
      if (name !== 'type') script.setAttribute(name, value);
    }
    const type = placeholder.getAttribute('data-type');
    if (type) script.type = type;
    // The nonce is hidden from getAttribute once parsed; copy it so the script passes a strict CSP.
    script.nonce = placeholder.nonce;
    // Dynamically inserted scripts are async by default; keep the page's order instead.
    script.async = placeholder.hasAttribute('async');
    script.text = placeholder.text;
    placeholder.replaceWith(script);
  }
}
