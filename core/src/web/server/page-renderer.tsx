import type { ReactNode } from 'react';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger, Viewer } from '@commonplace/sdk/internal';
import { allows, memoiseSlots, type FormState, type NavigationEntry, type PageContextValue, type PageHead, type ResolvedSlotPanel, type SlotPanel } from '@commonplace/sdk/web';
import type { AssetsManifest } from './assets-manifest.js';
import { newNonce, pagePolicy } from './csp.js';
import { ErrorPage, errorTitle, type ErrorStatus } from './error-page.js';
import { renderBody, renderDocument } from './render.js';
import { compileDocument, runDocument } from './run-graphql.js';
import type { LayoutComponent, LocaleTools, OwnedContribution, WebI18n } from './types.js';

/** What a response shows: the page element, its title and head, and its facts. */
export interface PageRender {
  status: number;
  element: ReactNode;
  /** The title, from the locale's tools (the page's `title` is called with them). */
  title(t: LocaleTools['t']): string;
  head?: PageHead | undefined;
  params: Readonly<Record<string, string>>;
  search: Readonly<Record<string, string>>;
  form: FormState | null;
}

interface CompiledSlotPanel {
  key: string;
  panel: SlotPanel<any>;
  query: DocumentNode | null;
}

export interface PageRendererDeps {
  schema: GraphQLSchema;
  contributions: readonly OwnedContribution[];
  layout: LayoutComponent;
  publicUrl: string;
  instanceName: string;
  i18n: WebI18n;
  assets: AssetsManifest | null;
  log: Logger;
  contextFor(request: FastifyRequest): object;
}

/**
 * Turns a page (or an error) into the response: the locale's tools, the page's facts in PageContext,
 * the layout, the document around it with a per-response CSP nonce and the scripts of the islands
 * that rendered. Slot panels are compiled once here, and run per render as the viewer.
 */
export class PageRenderer {
  private readonly navigation: readonly NavigationEntry[];
  private readonly slots = new Map<string, CompiledSlotPanel[]>();
  private readonly missingIslands = new Set<string>();

  constructor(private readonly deps: PageRendererDeps) {
    this.navigation = deps.contributions.flatMap(({ web }) => web.navigation ?? []).sort((a, b) => (a.order ?? 1000) - (b.order ?? 1000));
    for (const { owner, web } of deps.contributions) {
      (web.slots ?? []).forEach((panel, index) => {
        const query = panel.query ? compileDocument(deps.schema, panel.query, `${owner}'s panel in slot "${panel.slot}"`, { readOnly: true }) : null;
        const panels = this.slots.get(panel.slot) ?? [];
        panels.push({ key: `${owner}:${index}`, panel, query });
        this.slots.set(panel.slot, panels);
      });
    }
    for (const panels of this.slots.values()) panels.sort((a, b) => (a.panel.order ?? 1000) - (b.panel.order ?? 1000));
  }

  async send(request: FastifyRequest, reply: FastifyReply, render: PageRender): Promise<FastifyReply> {
    const { deps } = this;
    const viewer = request.viewer;
    const locale = deps.i18n.localeFor({ acceptLanguage: request.headers['accept-language'], viewer });
    const tools = deps.i18n.tools(locale);
    const nonce = newNonce();
    let csrfToken: string | undefined;
    const context: PageContextValue = {
      viewer,
      locale,
      ...tools,
      // Made when a form first asks: a page without forms sets no CSRF cookie (and stays cacheable).
      get csrfToken() {
        return (csrfToken ??= reply.generateCsrf());
      },
      nonce,
      instanceName: deps.instanceName,
      url: request.url,
      params: render.params,
      search: render.search,
      form: render.form,
      navigation: this.navigation,
      islands: new Set<string>(),
      slot: memoiseSlots((name, params) => this.slotPanels(request, viewer, name, params)),
    };
    const body = await renderBody(render.element, context, deps.layout);
    for (const name of context.islands) this.warnOfMissingIsland(name);
    const html = renderDocument({
      locale,
      dir: tools.dir,
      title: render.title(tools.t),
      instanceName: deps.instanceName,
      url: new URL(request.url, deps.publicUrl).href,
      head: render.head,
      nonce,
      assets: deps.assets,
      islands: context.islands,
      body,
    });
    // Kept: an object's page is also negotiated on Accept (the object route said so first).
    const vary = ['Cookie', 'Accept-Language'];
    const before = reply.getHeader('vary');
    if (typeof before === 'string' && before) vary.unshift(before);
    reply.status(render.status).header('content-security-policy', pagePolicy(nonce)).header('vary', vary.join(', '));
    // What a signed-in person sees (and any form with its token) is theirs: no shared cache keeps it.
    if (viewer || csrfToken) reply.header('cache-control', 'private, no-store');
    return reply.type('text/html; charset=utf-8').send(html);
  }

  /** An error page inside the layout: what happened, never why inside. */
  error(request: FastifyRequest, reply: FastifyReply, status: ErrorStatus): Promise<FastifyReply> {
    return this.send(request, reply, {
      status,
      element: <ErrorPage status={status} />,
      title: (t) => errorTitle(status, t),
      head: { noIndex: true },
      params: {},
      search: {},
      form: null,
    });
  }

  /** The slot's panels this viewer may see, each with its data; a panel whose query is refused is left out. */
  private async slotPanels(request: FastifyRequest, viewer: Viewer | null, name: string, params: Readonly<Record<string, string>>): Promise<readonly ResolvedSlotPanel[]> {
    const visible = (this.slots.get(name) ?? []).filter(({ panel }) => allows(panel.access, viewer));
    const resolved = await Promise.all(
      visible.map(async ({ key, panel, query }): Promise<ResolvedSlotPanel | null> => {
        if (!query) return { key, component: panel.component, data: null };
        const outcome = await runDocument(this.deps.schema, query, panel.variables?.(params) ?? {}, this.deps.contextFor(request), this.deps.log);
        return outcome.ok ? { key, component: panel.component, data: outcome.data } : null;
      }),
    );
    return resolved.filter((panel): panel is ResolvedSlotPanel => panel !== null);
  }

  private warnOfMissingIsland(name: string): void {
    if (this.deps.assets?.island(name) || this.missingIslands.has(name)) return;
    this.missingIslands.add(name);
    this.deps.log.warn({ island: name }, 'a page rendered an island the built assets do not have; it stays static (run `npm run build`)');
  }
}
