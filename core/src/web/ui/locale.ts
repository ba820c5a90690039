import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';

export interface LocaleChoice {
  /** The account's own setting, when the viewer has one. */
  accountLocale?: string | null;
  /** The request's Accept-Language header. */
  acceptLanguage?: string | string[] | null;
  /** The locales with a catalogue (MessageCatalogue.locales). */
  available: readonly string[];
  /** The instance's default, used when neither the account nor the browser names one we have. */
  defaultLocale: string;
}

/**
 * The page's locale: the account's setting if any, else the best match of Accept-Language (`es-MX`
 * gets `es`), else the instance's default. Negotiator orders the header by quality; the formatjs
 * matcher finds the closest catalogue for each tag.
 */
export function negotiateLocale({ accountLocale, acceptLanguage, available, defaultLocale }: LocaleChoice): string {
  const fallback = available.includes(defaultLocale) ? defaultLocale : (available[0] ?? 'en');
  const requested: string[] = [];
  if (accountLocale) requested.push(accountLocale);
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (header) requested.push(...new Negotiator({ headers: { 'accept-language': header } }).languages());
  const valid = requested.filter(isLanguageTag);
  if (valid.length === 0) return fallback;
  // "lookup" does not invent a likely match (best fit would turn `de` into `en`): no match is the default's.
  return match(valid, available, fallback, { algorithm: 'lookup' });
}

function isLanguageTag(tag: string): boolean {
  if (tag === '*') return false;
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/** Scripts written right to left (by language, as CLDR's character order has them). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** `rtl` for a locale written right to left (`ar`, `he-IL`, `fa`), else `ltr`. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  try {
    const parsed = new Intl.Locale(locale);
    if (parsed.script) return ['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg'].includes(parsed.script) ? 'rtl' : 'ltr';
    return RTL_LANGUAGES.has(parsed.language) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}
