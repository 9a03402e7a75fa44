import type { Messages, SiteConfig } from '@novoaigen/consent-core';

/**
 * The words an element shows: the config's (the visitor's language, with the site's own words
 * merged in by the worker), then the element's own `texts` over them. The script tag ships no
 * catalogue: the worker sends only the visitor's language.
 */
export function messagesFor(config: SiteConfig | null | undefined, overrides: Partial<Messages> = {}): Messages {
  return { ...config?.texts, ...overrides } as Messages;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
