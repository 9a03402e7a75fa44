import { describe, expect, it } from 'vitest';
import { DEMO_ORIGIN, eventually, openDemoPage, useDemoBrowser } from './env.js';

const session = useDemoBrowser();

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe('the demo under a strict Content Security Policy', () => {
  it('works end to end with no violation: banner, gated scripts, parts, embeds, Consent Mode, form and notice', async () => {
    const { page } = session;
    await page.evaluateOnNewDocument(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const response = await page.goto(`${DEMO_ORIGIN}/`, { waitUntil: 'load' });
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);

    await openDemoPage(page);
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('button[part~="accept-button"]'));
    await page.evaluate(() => (document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector('button[part~="accept-button"]') as HTMLElement).click());
    // The gated external and inline scripts ran, the embed loaded, the toggle and Consent Mode parts work.
    await eventually(() => page.evaluate(() => (window as unknown as { demoAnalyticsLoaded?: boolean }).demoAnalyticsLoaded === true));
    await eventually(() => page.evaluate(() => document.cookie.includes('_demo_marketing_id')));
    await eventually(() => page.evaluate(() => document.querySelector<HTMLIFrameElement>('iframe.embed')?.getAttribute('src') === '/embed-video.html'));
    await page.waitForFunction(() => document.querySelector('novo-consent-toggle')?.shadowRoot?.querySelector('input')?.checked);
    await eventually(() =>
      page.evaluate(() => ((window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer ?? []).some((entry) => Array.from(entry)[1] === 'update')),
    );

    await openDemoPage(page, '/rights.html');
    await page.waitForFunction(() => document.querySelector('novo-rights-request')?.shadowRoot?.querySelector('form'));
    await openDemoPage(page, '/privacy.html');
    await page.waitForFunction(() => document.querySelector('novo-privacy-notice')?.shadowRoot?.querySelector('nav'));

    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
