import type { ConsentState, SiteConfig } from '@novoaigen/consent-schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a decision stops being valid under the config: a refusal of any optional category is asked
 * again sooner (`refusalExpiryDays`, six months by default as the CNIL recommends) than a full grant.
 */
export function expiresAt(state: ConsentState, config: SiteConfig): number {
  const refused = config.categories.some((category) => !category.required && state.categories[category.id] !== true);
  return Date.parse(state.updatedAt) + (refused ? Math.min(config.refusalExpiryDays, config.expiryDays) : config.expiryDays) * DAY_MS;
}

/**
 * A stored decision counts only for the config revision it was made under and until it expires;
 * otherwise the visitor must be asked again.
 */
export function isConsentValid(state: ConsentState | null, config: SiteConfig, now: number): state is ConsentState {
  return state !== null && state.revision === config.revision && expiresAt(state, config) > now;
}

/** The full set of choices for the config: required categories on, the rest as given or off. */
export function completeChoices(config: SiteConfig, choices: Readonly<Record<string, boolean>>): Record<string, boolean> {
  return Object.fromEntries(config.categories.map((category) => [category.id, category.required || choices[category.id] === true]));
}
