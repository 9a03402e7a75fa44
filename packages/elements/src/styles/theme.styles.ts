import { css } from 'lit';

/**
 * Design tokens shared by every element. Sites theme through the public `--novo-*` custom
 * properties; the private `--_*` ones only resolve defaults, per colour scheme.
 */
export const themeStyles = css`
  :host {
    --_accent: var(--novo-accent, #1d4ed8);
    --_on-accent: var(--novo-on-accent, #ffffff);
    --_surface: var(--novo-surface, #ffffff);
    --_text: var(--novo-text, #111827);
    --_muted: var(--novo-muted, #4b5563);
    --_border: var(--novo-border, #d1d5db);
    --_focus: var(--novo-focus-ring, var(--_accent));
    --_radius: var(--novo-radius, 12px);
    --_shadow: var(--novo-shadow, 0 8px 32px rgb(0 0 0 / 0.18));
    font-family: var(--novo-font, system-ui, sans-serif);
    font-size: var(--novo-font-size, 15px);
    line-height: 1.5;
    color: var(--_text);
    /* A site's word longer than the box (a URL, a typo, an attack) breaks instead of spilling out. */
    overflow-wrap: anywhere;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--novo-accent, #93c5fd);
      --_on-accent: var(--novo-on-accent, #0b1220);
      --_surface: var(--novo-surface, #111827);
      --_text: var(--novo-text, #f9fafb);
      --_muted: var(--novo-muted, #d1d5db);
      --_border: var(--novo-border, #4b5563);
    }
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  h2 {
    margin: 0;
    font-size: 1.15em;
    line-height: 1.3;
  }
  p {
    margin: 0;
  }
  a {
    color: inherit;
    text-underline-offset: 2px;
  }
  /* The look of every modal dialog (preferences, notice); each element sets its width and padding. */
  dialog {
    box-sizing: border-box;
    max-block-size: calc(100% - 24px);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  dialog::backdrop {
    background: var(--novo-backdrop, rgb(0 0 0 / 0.45));
  }
`;

/** The one button style: accept, reject and customise carry equal visual weight by construction. */
export const buttonStyles = css`
  .button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    padding: 0.5em 1.25em;
    border-radius: calc(var(--_radius) / 1.5);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  .button:hover {
    filter: brightness(1.1);
  }
  /* A row of equal buttons that wraps on narrow screens. */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .actions .button {
    flex: 1 1 9em;
  }
`;

/** An `<input type="checkbox" role="switch">` drawn as a switch; it stays a native checkbox for forms and assistive tech. */
export const switchStyles = css`
  .switch {
    appearance: none;
    flex: none;
    position: relative;
    inline-size: 46px;
    block-size: 26px;
    margin: 0;
    border-radius: 13px;
    background: var(--_muted);
    cursor: pointer;
  }
  .switch::before {
    content: '';
    position: absolute;
    inset-block-start: 3px;
    inset-inline-start: 3px;
    inline-size: 20px;
    block-size: 20px;
    border-radius: 50%;
    background: var(--_surface);
  }
  .switch:checked {
    background: var(--_accent);
  }
  .switch:checked::before {
    inset-inline-start: 23px;
  }
  .switch:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /*
   * Forced colours paint track and thumb alike with the page background, so the switch would vanish:
   * it draws itself in system colours instead, filled and on the far side when on.
   */
  @media (forced-colors: active) {
    .switch {
      forced-color-adjust: none;
      border: 1px solid ButtonText;
      background: Canvas;
    }
    .switch::before {
      background: ButtonText;
    }
    .switch:checked {
      border-color: Highlight;
      background: Highlight;
    }
    .switch:checked::before {
      background: HighlightText;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .switch::before {
      transition: inset-inline-start 0.15s ease-out;
    }
  }
`;
