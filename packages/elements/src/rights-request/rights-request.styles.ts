import { css } from 'lit';

export const rightsRequestStyles = css`
  :host {
    display: block;
    max-inline-size: 40rem;
    --_error: var(--novo-error, #b91c1c);
  }
  /* One column no wider than the element: a long option or word cannot push the form wider than a 320 px screen. */
  form,
  .field {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 18px;
  }
  .field {
    gap: 6px;
  }
  label,
  legend {
    font-weight: 600;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) / 2);
    padding: 10px 12px;
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  textarea {
    min-block-size: 7rem;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .required {
    font-weight: 400;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .error {
    color: var(--_error);
    font-weight: 600;
  }
  .check {
    display: flex;
    gap: 10px;
    align-items: start;
  }
  .check input {
    inline-size: 20px;
    block-size: 20px;
    margin-block-start: 2px;
    accent-color: var(--_accent);
  }
  .visually-hidden,
  .honeypot {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .code {
    font-size: 1.5em;
    letter-spacing: 0.3em;
    inline-size: 9ch;
  }
  /* Buttons keep their own width here, unlike the banner's equal row. */
  .actions .button {
    flex: none;
  }
  .link {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    text-decoration: underline;
    cursor: pointer;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_error: var(--novo-error, #fca5a5);
    }
  }
`;
