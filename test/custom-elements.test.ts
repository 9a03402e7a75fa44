import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Declaration {
  tagName?: string;
  summary?: string;
  cssParts?: { name: string }[];
}

describe('custom-elements manifest', () => {
  it('describes every element with its summary and parts', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../packages/elements/custom-elements.json'), 'utf8')) as {
      modules: { declarations?: Declaration[] }[];
    };
    const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName);
    expect(elements.map((element) => element.tagName).sort()).toEqual([
      'novo-consent-banner',
      'novo-consent-launcher',
      'novo-consent-preferences',
      'novo-consent-toggle',
      'novo-embed-placeholder',
      'novo-notice-dialog',
      'novo-privacy-notice',
      'novo-rights-request',
    ]);
    for (const element of elements) expect(element.summary, element.tagName).toBeTruthy();
    const banner = elements.find((element) => element.tagName === 'novo-consent-banner');
    expect(banner?.cssParts?.map((part) => part.name)).toEqual(
      expect.arrayContaining(['base', 'accept-button', 'reject-button', 'customize-button', 'gpc', 'do-not-sell-button', 'acknowledge-button']),
    );
  });
});
