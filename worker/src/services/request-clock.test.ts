import { describe, expect, it } from 'vitest';
import { maxExtensionDays, requestDeadline } from './request-clock.js';

const at = (iso: string) => new Date(iso);

describe('request deadlines', () => {
  it("uses the site's own promise by default", () => {
    expect(requestDeadline(at('2026-03-02T10:00:00.000Z'), 'access', 'other', 30)).toEqual({ dueAt: '2026-04-01T10:00:00.000Z', rule: 'site:30-days' });
  });

  it('takes the earliest clock that applies', () => {
    // GDPR's month from 31 January ends on 28 February: earlier than 30 days.
    expect(requestDeadline(at('2026-01-31T10:00:00.000Z'), 'deletion', 'eu', 30)).toEqual({ dueAt: '2026-02-28T10:00:00.000Z', rule: 'gdpr:1-month' });
    // CCPA's 45 days are later than the site's 30.
    expect(requestDeadline(at('2026-01-31T10:00:00.000Z'), 'deletion', 'us-ca', 30).rule).toBe('site:30-days');
    expect(requestDeadline(at('2026-01-31T10:00:00.000Z'), 'deletion', 'us-ca', 60)).toEqual({ dueAt: '2026-03-17T10:00:00.000Z', rule: 'ccpa:45-days' });
  });

  it('answers inquiries within 5 business days', () => {
    // Friday → the next Friday.
    expect(requestDeadline(at('2026-11-27T09:00:00.000Z'), 'inquiry', 'other', 30)).toEqual({ dueAt: '2026-12-04T09:00:00.000Z', rule: 'site:5-business-days' });
  });

  it('allows two months of extension, 45 days under CCPA', () => {
    expect(maxExtensionDays('gdpr:1-month', at('2026-02-28T10:00:00.000Z'))).toBe(59);
    expect(maxExtensionDays('ccpa:45-days', at('2026-02-28T10:00:00.000Z'))).toBe(45);
  });
});
