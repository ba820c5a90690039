import type { ReactNode } from 'react';
import { prerenderToNodeStream } from 'react-dom/static';
import { escapeHtml } from '@commonplace/sdk';
import { PageContext, type PageContextValue, type PageHead } from '@commonplace/sdk/web';
import type { AssetsManifest } from './assets-manifest.js';
import type { LayoutComponent } from './types.js';

/**
 * The page inside the layout, with the page's facts in PageContext, as HTML. Rendered with
 * `prerenderToNodeStream`, which waits for every Suspense boundary: slot panels read their data with
 * React's `use`, so the HTML is complete when it leaves (no streaming fallbacks to replace later).
 */
export async function renderBody(page: ReactNode, context: PageContextValue, Layout: LayoutComponent): Promise<string> {
  let failure: unknown;
  const { prelude } = await prerenderToNodeStream(
    <PageContext.Provider value={context}>
      <Layout>{page}</Layout>
    </PageContext.Provider>,
    {
      onError(error) {
        failure ??= error;
      },
    },
  );
  const chunks: Buffer[] = [];
  for await (const chunk of prelude) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  // A component that threw is a failed page, not a page with a hole in it.
  if (failure) throw failure;
  return Buffer.concat(chunks).toString('utf8');
}

export interface DocumentParts {
  locale: string;
  dir: 'ltr' | 'rtl';
  /** The page's own title; the instance's name is appended. */
  title: string;
  instanceName: string;
  /** The page's absolute URL (OpenGraph's og:url). */
  url: string;
  head?: PageHead | undefined;
  nonce: string;
  assets: AssetsManifest | null;
  /** Islands the page rendered: only their scripts are sent. */
  islands: ReadonlySet<string>;
  body: string;
}

/** The whole HTML document around a rendered body: `<html lang dir>`, the head (title, OpenGraph, discovery, styles, island scripts). */
export function renderDocument(parts: DocumentParts): string {
  const attribute = (value: string) => escapeHtml(value);
  const title = parts.title ? `${parts.title} · ${parts.instanceName}` : parts.instanceName;
  const head = parts.head ?? {};
  const lines = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    head.description ? `<meta name="description" content="${attribute(head.description)}">` : '',
    head.noIndex ? '<meta name="robots" content="noindex">' : '',
    `<meta property="og:title" content="${attribute(parts.title || parts.instanceName)}">`,
    `<meta property="og:site_name" content="${attribute(parts.instanceName)}">`,
    `<meta property="og:type" content="${attribute(head.type ?? 'website')}">`,
    `<meta property="og:url" content="${attribute(parts.url)}">`,
    `<meta property="og:locale" content="${attribute(parts.locale.replace('-', '_'))}">`,
    head.description ? `<meta property="og:description" content="${attribute(head.description)}">` : '',
    head.image ? `<meta property="og:image" content="${attribute(head.image)}">` : '',
    head.activityPubId ? `<link rel="alternate" type="application/activity+json" href="${attribute(head.activityPubId)}">` : '',
    ...(parts.assets?.stylesheets ?? []).map((href) => `<link rel="stylesheet" href="${attribute(href)}">`),
    ...islandTags(parts),
  ];
  return `<!doctype html>\n<html lang="${attribute(parts.locale)}" dir="${parts.dir}">\n<head>\n${lines.filter(Boolean).join('\n')}\n</head>\n<body>\n${parts.body}\n</body>\n</html>\n`;
}

/** Module scripts (with the nonce) of the islands rendered, their imports preloaded, each file once. */
function islandTags({ islands, assets, nonce }: DocumentParts): string[] {
  if (!assets || islands.size === 0) return [];
  const scripts = new Set<string>();
  const preloads = new Set<string>();
  const styles = new Set<string>();
  for (const name of islands) {
    const island = assets.island(name);
    if (!island) continue;
    scripts.add(island.script);
    for (const file of island.preload) preloads.add(file);
    for (const file of island.stylesheets) styles.add(file);
  }
  const n = escapeHtml(nonce);
  return [
    ...[...styles].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...[...preloads].filter((href) => !scripts.has(href)).map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}" nonce="${n}">`),
    ...[...scripts].map((src) => `<script type="module" src="${escapeHtml(src)}" nonce="${n}"></script>`),
  ];
}
