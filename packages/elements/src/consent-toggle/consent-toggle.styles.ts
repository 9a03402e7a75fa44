import { css } from 'lit';

export const toggleStyles = css`
  :host {
    display: inline-block;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 10px;
    cursor: pointer;
  }
`;
