import type { ComponentType, ReactNode } from 'react';
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { InstanceSettings, Logger, Viewer } from '@commonplace/sdk/internal';
import type { PageAction, PageContextValue, WebContribution } from '@commonplace/sdk/web';
import type { AssetsManifest } from './assets-manifest.js';

/** Who contributes what: `core` for core's own pages, else a plugin's id (named in clashes and errors). */
export interface OwnedContribution {
  owner: string;
  web: WebContribution;
}

/** What the locale of a page gives the renderer: formatters and the writing direction. */
export type LocaleTools = Pick<PageContextValue, 't' | 'formatDate' | 'formatNumber' | 'dir'>;

/** The catalogues (core's and the contributions'), and how a request's locale is chosen. */
export interface WebI18n {
  /** The locale for a request: the viewer's setting if any, else Accept-Language, else the instance's default. */
  localeFor(request: { acceptLanguage: string | undefined; viewer: Viewer | null }): string;
  tools(locale: string): LocaleTools;
}

/** The component around every page: header, navigation, main, footer. Reads the page's facts from PageContext. */
export type LayoutComponent = ComponentType<{ children: ReactNode }>;

export interface WebFrontEndDeps {
  /** The instance's GraphQL schema, as /graphql serves it. */
  schema: GraphQLSchema;
  /** Core's pages first, then each enabled plugin's, in boot order. */
  contributions: readonly OwnedContribution[];
  layout: LayoutComponent;
  settings: Pick<InstanceSettings, 'auth'>;
  publicUrl: string;
  instanceName: string;
  i18n: WebI18n;
  /** The built assets' manifest (null when not built: pages render without styles or islands). */
  assets: AssetsManifest | null;
  log: Logger;
  /** Checks a session token (core's AccountsApi.authenticate), for the browser's session cookie. */
  authenticate(token: string): Promise<Viewer | null>;
  /** The GraphQL context resolvers get for this request; mercurius's own by default (graphQLContextOf). */
  contextFor?(request: FastifyRequest): object;
}

/**
 * Core's own actions may also start or end the browser session: the log-in and sign-up forms set the
 * session cookie from the token the mutation returned; log-out clears it. Plugins' actions cannot
 * (only contributions owned by `core` are read for it), so no plugin can plant a session.
 */
export interface CorePageAction<Result = unknown> extends PageAction<Result> {
  session?: { start(result: Result): string | null | undefined } | 'end';
}
