import { describe, expect, it } from 'vitest';
import en from '../../../../core/src/web/messages/en.json' with { type: 'json' };
import es from '../../../../core/src/web/messages/es.json' with { type: 'json' };
import { CatalogueError, MessageCatalogue, mergeCatalogues } from '../../../../core/src/web/ui/i18n.js';
import { directionOf, negotiateLocale } from '../../../../core/src/web/ui/locale.js';

describe('catalogues', () => {
  it('core ships Spanish for every English message, and nothing Spanish alone', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(es)) expect(message, key).not.toBe('');
  });

  it('merges contributors by prefix and refuses a key outside its own, or a catalogue without English', () => {
    const merged = mergeCatalogues([
      { prefix: 'core', messages: { en: { 'core.a': 'A' }, es: { 'core.a': 'Á' } } },
      { prefix: 'links', messages: { en: { 'links.nav': 'Links' } } },
    ]);
    expect(merged).toEqual({ en: { 'core.a': 'A', 'links.nav': 'Links' }, es: { 'core.a': 'Á' } });
    expect(() => mergeCatalogues([{ prefix: 'links', messages: { en: { 'core.a': 'Mine now' } } }])).toThrow(
      new CatalogueError('[links] web message "core.a" (en) must start with "links."'),
    );
    expect(() => mergeCatalogues([{ prefix: 'links', messages: { es: { 'links.nav': 'Enlaces' } } }])).toThrow(/no English/);
  });

  it('formats ICU messages per locale, falls back to English, and reports a key no catalogue has', () => {
    const missing: string[] = [];
    const catalogue = new MessageCatalogue(
      {
        en: { 'x.items': '{count, plural, one {# item} other {# items}}', 'x.only': 'Only in English' },
        es: { 'x.items': '{count, plural, one {# elemento} other {# elementos}}' },
      },
      (key, locale) => missing.push(`${locale}:${key}`),
    );
    expect(catalogue.locales).toEqual(['en', 'es']);
    const spanish = catalogue.translator('es');
    expect(spanish.t('x.items', { count: 1 })).toBe('1 elemento');
    expect(spanish.t('x.items', { count: 1234 })).toBe('1234 elementos');
    expect(catalogue.translator('en').t('x.items', { count: 2 })).toBe('2 items');
    expect(spanish.t('x.only')).toBe('Only in English');
    expect(spanish.t('x.nowhere')).toBe('x.nowhere');
    expect(missing).toEqual(['es:x.nowhere']);
    expect(spanish.formatNumber(1234.5)).toBe('1234,5');
    expect(catalogue.translator('en').formatNumber(1234.5)).toBe('1,234.5');
    const date = new Date('2026-03-03T12:00:00Z');
    expect(spanish.formatDate(date, { dateStyle: 'long', timeZone: 'UTC' })).toBe('3 de marzo de 2026');
    expect(catalogue.translator('en').formatDate(date, { dateStyle: 'long', timeZone: 'UTC' })).toBe('March 3, 2026');
  });
});

describe('negotiateLocale', () => {
  const available = ['en', 'es'];

  it('takes the best Accept-Language match by quality, a regional tag matching its language', () => {
    expect(negotiateLocale({ acceptLanguage: 'es-MX,es;q=0.9,en;q=0.8', available, defaultLocale: 'en' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'de-DE, en;q=0.2, es;q=0.5', available, defaultLocale: 'en' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'en-GB', available, defaultLocale: 'es' })).toBe('en');
  });

  it("uses the instance's default when the browser names nothing we have, or nothing valid", () => {
    expect(negotiateLocale({ acceptLanguage: 'de, fr;q=0.5', available, defaultLocale: 'es' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: undefined, available, defaultLocale: 'es' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: '*, ***, en_US', available, defaultLocale: 'es' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: null, available, defaultLocale: 'fr' })).toBe('en');
  });

  it("puts the account's setting before the browser's", () => {
    expect(negotiateLocale({ accountLocale: 'es', acceptLanguage: 'en', available, defaultLocale: 'en' })).toBe('es');
    expect(negotiateLocale({ accountLocale: 'de', acceptLanguage: 'en', available, defaultLocale: 'es' })).toBe('en');
  });

  it('knows which locales are written right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-IL')).toBe('rtl');
    expect(directionOf('fa')).toBe('rtl');
    expect(directionOf('az-Arab')).toBe('rtl');
    expect(directionOf('es')).toBe('ltr');
    expect(directionOf('en-US')).toBe('ltr');
  });
});

describe('createWebI18n (what the kernel calls)', () => {
  it("merges core's and the plugins' catalogues, negotiates per request and writes an rtl locale right to left", async () => {
    const { createWebI18n } = await import('../../../../core/src/web/ui/web-i18n.js');
    const missing: string[] = [];
    const i18n = createWebI18n(
      [
        { owner: 'core', web: { messages: { en: { 'core.hi': 'Hi {name}' }, es: { 'core.hi': 'Hola {name}' } } } },
        { owner: 'links', web: { messages: { en: { 'links.nav': 'Links' }, ar: { 'links.nav': 'روابط' } } } },
      ],
      { defaultLocale: 'en', onMissing: (key, locale) => missing.push(`${locale}:${key}`) },
    );
    expect(i18n.localeFor({ acceptLanguage: 'es-AR,es;q=0.9', viewer: null })).toBe('es');
    expect(i18n.localeFor({ acceptLanguage: 'ar-EG', viewer: null })).toBe('ar');
    expect(i18n.localeFor({ acceptLanguage: 'fr', viewer: null })).toBe('en');
    expect(i18n.tools('es').t('core.hi', { name: 'Ada' })).toBe('Hola Ada');
    expect(i18n.tools('es').t('links.nav')).toBe('Links');
    expect(i18n.tools('ar').dir).toBe('rtl');
    expect(i18n.tools('ar').t('core.hi', { name: 'Ada' })).toBe('Hi Ada');
    i18n.tools('es').t('links.gone');
    i18n.tools('es').t('links.gone');
    expect(missing).toEqual(['es:links.gone']);
  });
});
