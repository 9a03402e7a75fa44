import { supportsAdoptingStyleSheets, type ReactiveElement } from 'lit';

/**
 * Keeps page content clear of a box fixed to the bottom of the viewport (the banner, the launcher)
 * while the box shows, so focus is never hidden behind it (WCAG 2.4.11): the document gets a
 * bottom `scroll-padding` as tall as the box, which browsers honour when focus moves or
 * `scrollIntoView` scrolls, and as much room after its content, so the page's last element can
 * scroll above the box. Both live in a sheet the document adopts rather than in inline styles:
 * removing it gives back whatever the page had. A `ResizeObserver` follows the box's height (its
 * text wraps anew as the viewport changes). A closure, not a class, to keep the banner path small.
 *
 * `selector` finds the box in the host's shadow root; it is absent while hidden.
 */
export function reserveBottomRoom(host: ReactiveElement, selector: string): void {
  // Browsers without adoptable sheets (Safari before 16.4) keep the page as it is.
  if (!supportsAdoptingStyleSheets) return;
  const doc = host.ownerDocument;
  const sheet = new CSSStyleSheet();
  // From the box's top edge to the viewport's bottom; `offsetTop` ignores the banner's slide-in transform.
  const observer = new ResizeObserver(([entry]) => {
    const room = doc.documentElement.clientHeight - (entry?.target as HTMLElement).offsetTop;
    sheet.replaceSync(`:root{scroll-padding-bottom:${room}px}:root::after{content:"";display:block;block-size:${room}px}`);
  });
  const follow = (box: Element | null) => {
    observer.disconnect();
    if (box) observer.observe(box);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet), ...(box ? [sheet] : [])];
  };
  host.addController({ hostUpdated: () => follow(host.renderRoot.querySelector(selector)), hostDisconnected: () => follow(null) });
}
