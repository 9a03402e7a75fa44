import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '../dist');
const gzipBytes = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const source = (file: string) => readFileSync(path.join(dist, file), 'utf8');

/**
 * What runs before the first banner (engine, banner, Lit: dist/novo-consent.js), the part loaded
 * right after it (preferences, launcher, the parts' loader) and each part loaded only where a page
 * uses it, gzipped. Lowered whenever the code allows, never raised to fit.
 */
const BUDGETS = {
  'novo-consent.js': 13 * 1024,
  'novo-after-banner.js': 4 * 1024,
  'novo-consent-toggle.js': 2 * 1024,
  'novo-embed-placeholder.js': 3 * 1024,
  'novo-google-consent-mode.js': 1024,
  'novo-privacy-notice.js': 5 * 1024,
  'novo-rights-request.js': 13 * 1024,
  'novo-script-gate.js': 1024,
};

/** Words only a part shows, and code only it runs: none may be in the banner path. */
const ONLY_IN_PARTS = {
  'novo-after-banner.js': ['receipt-link', 'choiceSaved', 'MutationObserver'],
  'novo-rights-request.js': ['rightsTypeAccess', 'verification_locked', 'invalid_type'],
  'novo-privacy-notice.js': ['noticeSectionAdded', 'noticeNoMatch'],
  'novo-embed-placeholder.js': ['embedAllow', 'novo-embed-load'],
  'novo-consent-toggle.js': ['"toggle"'],
  'novo-google-consent-mode.js': ['"update"'],
  'novo-script-gate.js': ['data-type'],
};

describe('script-tag bundle', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`${file} stays within ${budget} bytes gzip`, () => {
      expect(gzipBytes(file)).toBeLessThanOrEqual(budget);
    });
  }

  for (const [part, markers] of Object.entries(ONLY_IN_PARTS)) {
    it(`keeps the code of ${part} out of the banner path`, () => {
      const banner = source('novo-consent.js');
      const code = source(part);
      for (const marker of markers) {
        expect(code, marker).toContain(marker);
        expect(banner, marker).not.toContain(marker);
      }
    });
  }

  it('keeps the banner, which already ran, out of the part that follows it', () => {
    expect(source('novo-consent.js')).toContain('customize-button');
    expect(source('novo-after-banner.js')).not.toContain('customize-button');
  });

  it('loads each part by its file name, beside the main bundle', () => {
    // The main bundle loads the part that follows the banner and Consent Mode's; that part loads the others.
    const banner = source('novo-consent.js');
    const afterBanner = source('novo-after-banner.js');
    for (const file of ['novo-after-banner.js', 'novo-google-consent-mode.js']) expect(banner).toContain(`"${file}"`);
    for (const file of Object.keys(BUDGETS).filter((name) => !['novo-consent.js', 'novo-after-banner.js', 'novo-google-consent-mode.js'].includes(name))) {
      expect(afterBanner).toContain(`"${file}"`);
    }
  });
});
