import { css } from 'lit';

export const preferencesStyles = css`
  dialog {
    inline-size: min(560px, calc(100% - 24px));
    padding: 0;
  }
  form {
    display: grid;
    gap: 16px;
    padding: 24px;
  }
  header {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: 16px;
  }
  .close {
    flex: none;
    inline-size: 44px;
    block-size: 44px;
    margin: -10px;
    font: inherit;
    font-size: 1.5em;
    line-height: 1;
    color: inherit;
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .intro,
  .category-description {
    color: var(--_muted);
  }
  ul {
    display: grid;
    gap: 12px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: grid;
    gap: 4px;
    padding: 12px 16px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
  }
  .category-head {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  label {
    flex: 1;
    font-weight: 600;
  }
  .always-on {
    font-size: 0.875em;
    color: var(--_muted);
  }
  details {
    font-size: 0.875em;
  }
  summary {
    cursor: pointer;
  }
  dl {
    margin: 8px 0 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    color: var(--_muted);
  }
`;
