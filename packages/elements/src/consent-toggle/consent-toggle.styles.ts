import { css } from 'lit';

export const toggleStyles = css`
  :host {
    display: inline-block;
    /* Sits in the site's own content, so it takes the site's type and colour. */
    font: inherit;
    color: inherit;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 10px;
    cursor: pointer;
  }
`;
