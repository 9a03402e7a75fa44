import type { RequesterRegion, RightsRequestType } from '@novoaigen/consent-schema';

/** A deadline and the rule that set it, such as `gdpr:1-month`. */
export interface Deadline {
  dueAt: string;
  rule: string;
}

function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 24 * 60 * 60 * 1000);
}

/** Same day next month, or the month's last day when it has no such day (31 Jan → 28/29 Feb). */
function addMonths(from: Date, months: number): Date {
  const date = new Date(from);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date;
}

function addBusinessDays(from: Date, days: number): Date {
  let date = new Date(from);
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left -= 1;
  }
  return date;
}

/**
 * When a request must be answered: the earliest of every clock that applies, counted from
 * receipt. The site's own promise always applies (its deadline days; 5 business days for an
 * inquiry); GDPR (EU, UK) gives one month; CCPA/CPRA (California) 45 days.
 */
export function requestDeadline(receivedAt: Date, type: RightsRequestType, region: RequesterRegion, siteDeadlineDays: number): Deadline {
  const clocks: { rule: string; due: Date }[] = [
    type === 'inquiry' ? { rule: 'site:5-business-days', due: addBusinessDays(receivedAt, 5) } : { rule: `site:${siteDeadlineDays}-days`, due: addDays(receivedAt, siteDeadlineDays) },
  ];
  if (region === 'eu' || region === 'uk') clocks.push({ rule: 'gdpr:1-month', due: addMonths(receivedAt, 1) });
  if (region === 'us-ca') clocks.push({ rule: 'ccpa:45-days', due: addDays(receivedAt, 45) });
  const earliest = clocks.reduce((a, b) => (b.due < a.due ? b : a));
  return { dueAt: earliest.due.toISOString(), rule: earliest.rule };
}

/** The longest extension the rule behind a deadline allows, in days: CCPA 45 days, otherwise two months. */
export function maxExtensionDays(rule: string, originalDueAt: Date): number {
  if (rule.startsWith('ccpa:')) return 45;
  return Math.round((addMonths(originalDueAt, 2).getTime() - originalDueAt.getTime()) / (24 * 60 * 60 * 1000));
}
