import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { Translate } from '@commonplace/sdk/web';
import { directionOf } from './locale.js';

/** Messages by locale, then by key. */
export type Catalogues = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One contributor's messages: core's (`core.`) or a plugin's (its id). */
export interface CatalogueSource {
  /** Every key must start with `<prefix>.`: no contributor can overwrite another's words. */
  prefix: string;
  messages: Catalogues | undefined;
}

export class CatalogueError extends Error {}

/**
 * Core's and the plugins' catalogues as one. A key outside its contributor's prefix, or a contributor
 * without English, stops boot with a message naming it.
 */
export function mergeCatalogues(sources: readonly CatalogueSource[]): Catalogues {
  const merged: Record<string, Record<string, string>> = {};
  for (const { prefix, messages } of sources) {
    if (!messages) continue;
    if (!messages.en) throw new CatalogueError(`[${prefix}] web messages have no English ("en") catalogue, which is required`);
    for (const [locale, entries] of Object.entries(messages)) {
      const target = (merged[locale] ??= {});
      for (const [key, message] of Object.entries(entries)) {
        if (!key.startsWith(`${prefix}.`)) {
          throw new CatalogueError(`[${prefix}] web message "${key}" (${locale}) must start with "${prefix}."`);
        }
        target[key] = message;
      }
    }
  }
  return merged;
}

/** What a page renders its words, dates and numbers with. */
export interface Translator {
  locale: string;
  dir: 'ltr' | 'rtl';
  t: Translate;
  formatDate(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
}

/**
 * The merged catalogues, with one formatter per locale made once (ICU MessageFormat through
 * @formatjs/intl, whose cache keeps the parsed messages). A key a locale lacks falls back to English;
 * a key no catalogue has shows as itself and is reported through `onMissing`.
 */
export class MessageCatalogue {
  private readonly translators = new Map<string, Translator>();
  private readonly cache = createIntlCache();

  constructor(
    private readonly catalogues: Catalogues,
    private readonly onMissing: (key: string, locale: string) => void = () => {},
  ) {}

  /** The locales with a catalogue, English first. */
  get locales(): string[] {
    return ['en', ...Object.keys(this.catalogues).filter((locale) => locale !== 'en').sort()];
  }

  translator(locale: string): Translator {
    let translator = this.translators.get(locale);
    if (!translator) {
      translator = this.make(locale);
      this.translators.set(locale, translator);
    }
    return translator;
  }

  private make(locale: string): Translator {
    const messages = { ...this.catalogues.en, ...this.catalogues[locale] };
    const intl: IntlShape<string> = createIntl(
      {
        locale,
        defaultLocale: 'en',
        messages,
        onError: (error) => {
          // A missing key is reported once per key by the check below; other errors (a bad ICU
          // message in a catalogue) are real and must not pass in silence.
          if (error.code !== 'MISSING_TRANSLATION') console.error(`[web i18n] ${locale}: ${error.message}`);
        },
      },
      this.cache,
    );
    const t: Translate = (key, values) => {
      if (!(key in messages)) {
        this.onMissing(key, locale);
        return key;
      }
      const formatted = intl.formatMessage({ id: key }, values as Record<string, string | number | Date>);
      return Array.isArray(formatted) ? formatted.join('') : String(formatted);
    };
    return {
      locale,
      dir: directionOf(locale),
      t,
      formatDate: (value, options) => intl.formatDate(value, options),
      formatNumber: (value, options) => intl.formatNumber(value, options as Parameters<IntlShape['formatNumber']>[1]),
    };
  }
}
