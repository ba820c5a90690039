import type { Translate } from '@commonplace/sdk/web';

/**
 * A count's message (ICU plural, e.g. `{count, plural, =0 {No likes yet} one {# like} other {# likes}}`)
 * made ready for the browser, which has no message catalogue: the text for 0, and one template per
 * plural category of the locale with `{count}` where the number goes. `countLabel` picks with the
 * browser's own Intl.PluralRules, so an island says "1 like" / "2 likes" / "1 «me gusta»" right
 * without shipping a message formatter.
 */
export interface CountLabels {
  locale: string;
  zero: string;
  byCategory: Readonly<Record<string, string>>;
}

export function countLabels(t: Translate, key: string, locale: string): CountLabels {
  // Counts to find one example of each plural category (Spanish has `many` only from a million).
  const SAMPLES = [...Array.from({ length: 200 }, (_, i) => i + 1), 1_000_000];
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const byCategory: Record<string, string> = {};
  for (const count of SAMPLES) {
    const category = rules.select(count);
    if (category in byCategory) continue;
    const text = t(key, { count });
    const number = numbers.format(count);
    byCategory[category] = text.includes(number) ? text.replace(number, '{count}') : text;
  }
  return { locale, zero: t(key, { count: 0 }), byCategory };
}

/** The label for a count, on the server or in the browser. */
export function countLabel(labels: CountLabels, count: number): string {
  if (count === 0) return labels.zero;
  const template = labels.byCategory[new Intl.PluralRules(labels.locale).select(count)] ?? labels.byCategory.other ?? '{count}';
  return template.replace('{count}', new Intl.NumberFormat(labels.locale).format(count));
}
