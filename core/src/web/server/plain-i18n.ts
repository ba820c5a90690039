import type { OwnedContribution, WebI18n } from './types.js';

/**
 * A stand-in for the catalogues (core/src/web/messages, ICU MessageFormat through @formatjs/intl):
 * the contributions' messages in English or the asked locale, `{name}` filled in, the key itself when
 * no catalogue has it. Enough for the kernel's tests and a boot before the catalogues are wired.
 */
export function plainI18n(contributions: readonly OwnedContribution[], defaultLocale = 'en'): WebI18n {
  const catalogues = new Map<string, Map<string, string>>();
  for (const { web } of contributions) {
    for (const [locale, messages] of Object.entries(web.messages ?? {})) {
      const catalogue = catalogues.get(locale) ?? new Map<string, string>();
      for (const [key, message] of Object.entries(messages)) catalogue.set(key, message);
      catalogues.set(locale, catalogue);
    }
  }
  const locales = catalogues.size > 0 ? [...catalogues.keys()] : [defaultLocale];
  return {
    localeFor({ acceptLanguage }) {
      const wanted = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
      return wanted.map((tag) => locales.find((locale) => locale === tag || tag.startsWith(`${locale}-`))).find(Boolean) ?? defaultLocale;
    },
    tools(locale) {
      const own = catalogues.get(locale);
      const fallback = catalogues.get(defaultLocale);
      return {
        dir: 'ltr',
        t: (key, values) => {
          const message = own?.get(key) ?? fallback?.get(key) ?? key;
          return message.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
        },
        formatDate: (value, options) => new Intl.DateTimeFormat(locale, options).format(new Date(value)),
        formatNumber: (value, options) => new Intl.NumberFormat(locale, options).format(value),
      };
    },
  };
}
