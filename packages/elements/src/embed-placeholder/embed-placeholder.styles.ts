import { css } from 'lit';

export const embedPlaceholderStyles = css`
  :host {
    display: block;
    max-inline-size: 100%;
    box-sizing: border-box;
    /* Its bottom edge is its baseline, as an iframe's is, when the gate makes it inline-block. */
    overflow: hidden;
    vertical-align: baseline;
  }
  .placeholder {
    box-sizing: border-box;
    block-size: 100%;
    min-block-size: 160px;
    padding: 16px;
    display: grid;
    align-content: center;
    justify-items: center;
    gap: 8px;
    text-align: center;
    background: var(--_surface);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  p {
    margin: 0;
  }
  .title {
    font-weight: 600;
  }
  .description {
    color: var(--_muted);
  }
`;
