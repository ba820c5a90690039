import type { OwnedContribution, WebI18n } from '../server/types.js';
import { mergeCatalogues, MessageCatalogue } from './i18n.js';
import { negotiateLocale } from './locale.js';

export interface WebI18nOptions {
  /** The locale for a visitor whose account and browser name none we have. */
  defaultLocale?: string;
  /** Told of a key no catalogue has (once per key and locale). */
  onMissing?(key: string, locale: string): void;
}

/**
 * The kernel's i18n: every contribution's catalogue merged (core's `core.` keys, each plugin's under
 * its id), the locale negotiated per request, one formatter per locale.
 */
export function createWebI18n(contributions: readonly OwnedContribution[], options: WebI18nOptions = {}): WebI18n {
  const catalogue = new MessageCatalogue(
    mergeCatalogues(contributions.map(({ owner, web }) => ({ prefix: owner, messages: web.messages }))),
    reportOnce(options.onMissing),
  );
  const available = catalogue.locales;
  const defaultLocale = options.defaultLocale ?? 'en';
  return {
    // The account's own language setting joins here when accounts have one.
    localeFor: ({ acceptLanguage }) => negotiateLocale({ acceptLanguage, available, defaultLocale }),
    tools: (locale) => catalogue.translator(locale),
  };
}

function reportOnce(onMissing: WebI18nOptions['onMissing']) {
  const seen = new Set<string>();
  return (key: string, locale: string) => {
    if (!onMissing || seen.has(`${locale}\u0000${key}`)) return;
    seen.add(`${locale}\u0000${key}`);
    onMissing(key, locale);
  };
}
