import { css } from 'lit';

export const privacyNoticeStyles = css`
  :host {
    display: block;
    line-height: 1.6;
    font-size: inherit;
    color: inherit;
  }
  .meta {
    color: var(--_muted);
    margin-block: 4px 16px;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 24px;
    align-items: end;
    margin-block-end: 16px;
  }
  .tools label {
    display: grid;
    gap: 4px;
    font-weight: 600;
  }
  input,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: 8px;
    padding: 6px 10px;
  }
  nav ol {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  nav {
    border-inline-start: 3px solid var(--_border);
    padding-inline-start: 12px;
    margin-block-end: 24px;
  }
  section {
    scroll-margin-block-start: var(--novo-scroll-margin, 16px);
  }
  section:target,
  section.current {
    outline: 2px solid var(--_accent);
    outline-offset: 6px;
    border-radius: 4px;
  }
  h3,
  h4 {
    margin-block: 1.4em 0.4em;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 6px 10px;
    text-align: start;
  }
  .changes {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 8px 16px;
    margin-block-end: 24px;
  }
  .tag {
    font-size: 0.85em;
    font-weight: 600;
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_border);
  }
  .empty {
    font-style: italic;
  }
  @media print {
    .tools,
    nav,
    .changes {
      display: none;
    }
    section {
      break-inside: avoid-page;
    }
    a::after {
      content: ' (' attr(href) ')';
    }
  }
`;
