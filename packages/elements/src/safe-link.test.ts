import { expect } from '@open-wc/testing';
import { isSafeLink } from './safe-link.js';

describe('isSafeLink', () => {
  it('allows http, https and mailto links only', () => {
    for (const url of ['https://example.com/privacy', 'HTTP://example.com', 'mailto:privacy@example.com']) expect(isSafeLink(url), url).to.equal(true);
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example/', '/privacy', '', undefined]) {
      expect(isSafeLink(url), String(url)).to.equal(false);
    }
  });
});
