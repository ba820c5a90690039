/**
 * PostgreSQL text search configurations by BCP 47 primary language subtag. Each stems its language;
 * anything else (or a configuration missing from the server) uses `simple`, which only lower-cases.
 */
const CONFIG_BY_LANGUAGE: Readonly<Record<string, string>> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

export const FALLBACK_CONFIG = 'simple';

/** Every configuration the map may name, for the query side (which searches all languages at once). */
export const STEMMING_CONFIGS: readonly string[] = [...new Set(Object.values(CONFIG_BY_LANGUAGE))];

/** `en`, `en-GB`, `pt_BR`, `FR` -> the configuration, if the server has it. */
export function textSearchConfigFor(language: string | null | undefined, available: ReadonlySet<string>): string {
  if (!language) return FALLBACK_CONFIG;
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const config = CONFIG_BY_LANGUAGE[primary];
  return config && available.has(config) ? config : FALLBACK_CONFIG;
}
