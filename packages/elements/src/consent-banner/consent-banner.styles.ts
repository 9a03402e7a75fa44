import { css } from 'lit';

export const bannerStyles = css`
  :host {
    /* The host takes no space, so showing or hiding the banner never moves the page. */
    display: contents;
  }
  .banner {
    position: fixed;
    z-index: var(--novo-z-index, 2147483000);
    inset-inline: 0;
    inset-block-end: 0;
    box-sizing: border-box;
    max-inline-size: var(--novo-banner-max-width, 960px);
    margin: 0 auto;
    margin-block-end: max(12px, env(safe-area-inset-bottom));
    inline-size: calc(100% - 24px);
    padding: 20px 24px;
    display: grid;
    /* Text wraps in the banner's width rather than widening its column. */
    grid-template-columns: minmax(0, 1fr);
    gap: 12px;
    /* However long the site's words, the buttons stay on screen: the banner scrolls inside. */
    max-block-size: calc(100dvh - 24px);
    overflow: auto;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  .description {
    color: var(--_muted);
  }
  @media (prefers-reduced-motion: no-preference) {
    .banner {
      animation: novo-slide-in 0.25s ease-out;
    }
    @keyframes novo-slide-in {
      from {
        transform: translateY(16px);
        opacity: 0;
      }
    }
  }
`;
