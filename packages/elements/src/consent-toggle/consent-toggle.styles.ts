import { css } from 'lit';

export const toggleStyles = css`
  :host {
    /* Flex, not inline: the height is the switch's or the text's, with no line box around it. */
    display: inline-flex;
    /* Sits in the site's own content, so it takes the site's type and colour. */
    font: inherit;
    color: inherit;
  }
  label {
    display: flex;
    align-items: center;
    gap: 10px;
    cursor: pointer;
  }
`;
