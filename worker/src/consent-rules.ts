import type { CategoryChoices, SiteConfigRecord } from '@novoaigen/consent-schema';
import { AppError } from './errors.js';

/**
 * A decision is evidence only if it answers every category the visitor was shown, names no other,
 * and does not claim a strictly necessary category was refused.
 */
export function assertChoicesMatchConfig(config: Pick<SiteConfigRecord, 'revision' | 'categories'>, choices: CategoryChoices): void {
  const known = new Map(config.categories.map((category) => [category.id, category]));
  for (const id of Object.keys(choices)) {
    if (!known.has(id)) {
      throw new AppError(422, 'unknown_category', `Category "${id}" is not in revision ${config.revision} of this site's config.`, [
        { path: `categories.${id}`, message: 'unknown category' },
      ]);
    }
  }
  for (const category of config.categories) {
    const granted = choices[category.id];
    if (granted === undefined) {
      throw new AppError(422, 'missing_category', `The decision must include category "${category.id}".`, [
        { path: `categories.${category.id}`, message: 'required' },
      ]);
    }
    if (category.required && !granted) {
      throw new AppError(422, 'required_category_denied', `Category "${category.id}" is strictly necessary and cannot be refused.`, [
        { path: `categories.${category.id}`, message: 'must be true' },
      ]);
    }
  }
}
