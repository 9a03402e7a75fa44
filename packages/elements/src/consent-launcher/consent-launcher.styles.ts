import { css } from 'lit';

export const launcherStyles = css`
  :host {
    display: contents;
  }
  .launcher {
    position: fixed;
    z-index: var(--novo-z-index, 2147483000);
    inset-block-end: max(16px, env(safe-area-inset-bottom));
    inset-inline-start: 16px;
    min-height: 44px;
    padding: 0.5em 1em;
    font: inherit;
    font-weight: 600;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    box-shadow: var(--_shadow);
    cursor: pointer;
  }
  /* Heard by screen readers, not seen. */
  .said {
    position: fixed;
    clip-path: inset(50%);
  }
`;
