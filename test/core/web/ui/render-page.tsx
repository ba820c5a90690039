import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { PageContext, type PageContextValue } from '@commonplace/sdk/web';
import type { Viewer } from '@commonplace/sdk';
import { coreWeb } from '../../../../core/src/web/pages/index.js';
import { createWebI18n } from '../../../../core/src/web/ui/web-i18n.js';

/** A page's facts for rendering a component alone, in core's catalogues; `missing` collects unknown keys. */
export function pageContext(overrides: Partial<PageContextValue> & { locale?: string } = {}) {
  const missing: string[] = [];
  const i18n = createWebI18n([{ owner: 'core', web: coreWeb }], { onMissing: (key, locale) => missing.push(`${locale}:${key}`) });
  const locale = overrides.locale ?? 'en';
  const context: PageContextValue = {
    viewer: null,
    locale,
    ...i18n.tools(locale),
    csrfToken: 'csrf-token-1',
    nonce: 'nonce-1',
    instanceName: 'Test Commons',
    url: '/',
    params: {},
    search: {},
    form: null,
    navigation: coreWeb.navigation ?? [],
    islands: new Set(),
    slot: () => [],
    ...overrides,
  };
  return { context, missing };
}

export function render(node: ReactNode, context: PageContextValue): string {
  return renderToString(<PageContext.Provider value={context}>{node}</PageContext.Provider>);
}

export const alice: Viewer = { accountId: 'acc-1', actorId: 'actor-1', username: 'alice', roles: ['member'], sessionId: 'session-1' };

/** The document of an HTML fragment, for querying it like a browser would (no DOM library: a tiny parse). */
export function attributesOf(html: string, selector: RegExp): Array<Record<string, string>> {
  return [...html.matchAll(selector)].map((match) => {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of match[0].matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[name!] = value!;
    return attributes;
  });
}
