import type { ComponentType, ReactNode } from 'react';
import type { Role, Viewer } from '../ports/actors.js';

/**
 * The UI contract (issue 22): what a plugin adds to the web front end. Pages are React components
 * rendered on the server by core; their data comes from the instance's own GraphQL schema, executed
 * in process as the page's viewer, so a page shows exactly what the API would show that person.
 * Forms post without JavaScript (POST, then redirect); islands hydrate the interactive parts.
 *
 *   web: {
 *     pages: [{ path: '/links/:id', query: LINK_QUERY, component: LinkPage, title: ({ data }) => data.link.title }],
 *     navigation: [{ menu: 'main', label: 'links.nav', href: '/links' }],
 *     slots: [{ slot: 'community.panels', component: CommunityLinks }],
 *     messages: { en: { 'links.nav': 'Links' }, es: { 'links.nav': 'Enlaces' } },
 *   }
 */
export interface WebContribution {
  pages?: readonly PageDefinition<any>[];
  navigation?: readonly NavigationEntry[];
  slots?: readonly SlotPanel<any>[];
  /** ICU MessageFormat strings by locale, keys prefixed with the plugin's id (`links.nav`). English is required. */
  messages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Browser entry modules of the plugin's islands by name (`new URL('./islands/like.tsx', import.meta.url)`),
   * bundled by core's Vite build; a page renders one with `<Island name="<plugin-id>.like" props={...}>`.
   */
  islands?: Readonly<Record<string, URL>>;
}

/** Who may open a page: anyone, a logged-in person (others are sent to log in and back), or a role (403). */
export type PageAccess = 'everyone' | 'signed-in' | { role: Role };

/** What a page component gets. */
export interface PageProps<Data = unknown> {
  /** The `query`'s data for this viewer (never null when the page rendered). */
  data: Data;
  /** The path's parameters (`:id`). */
  params: Readonly<Record<string, string>>;
  /** The URL's search parameters (the first value of each). */
  search: Readonly<Record<string, string>>;
  viewer: Viewer | null;
  /** After a refused form post: what was sent and the errors by field, to refill the form and say why. */
  form: FormState | null;
}

export interface FormState {
  /** Which action was posted. */
  action: string;
  values: Readonly<Record<string, string>>;
  /** Messages by field name (GraphQL `extensions.field`); `''` for an error that names no field. */
  errors: Readonly<Record<string, string>>;
}

export interface PageDefinition<Data = unknown> {
  /** A Fastify path pattern from the instance root (`/c/:name`), unique in the instance. */
  path: string;
  /** A GraphQL document run as the viewer before rendering; its variables come from `variables`. */
  query?: string;
  variables?(params: Readonly<Record<string, string>>, search: Readonly<Record<string, string>>): Record<string, unknown>;
  /** When the data means there is nothing here (the object is gone or hidden): a 404 page. */
  notFound?(data: Data): boolean;
  access?: PageAccess;
  component: ComponentType<PageProps<Data>>;
  /** The document title (the instance's name is appended). */
  title(props: PageProps<Data>, t: Translate): string;
  /** OpenGraph and discovery: a public object's page names its ActivityPub id as `alternate`. */
  head?(props: PageProps<Data>): PageHead;
  /** Forms the page posts to (`<Form action="save">`), each a mutation run as the viewer. */
  actions?: Readonly<Record<string, PageAction<any>>>;
}

export interface PageHead {
  description?: string;
  image?: string;
  /** The ActivityPub id to offer as `<link rel="alternate" type="application/activity+json">`. */
  activityPubId?: string;
  /** OpenGraph type (`article`, `profile`; default `website`). */
  type?: string;
  /** Pages that must not be indexed (a person's settings). */
  noIndex?: boolean;
}

/** A form post: the fields become the mutation's variables; success redirects, a refusal re-renders the page with the errors. */
export interface PageAction<Result = unknown> {
  mutation: string;
  variables(fields: Readonly<Record<string, string>>, params: Readonly<Record<string, string>>): Record<string, unknown>;
  /** Where to go after success (POST, then redirect: 303). */
  redirect(result: Result, params: Readonly<Record<string, string>>): string;
  /** Who may post; defaults to the page's access. */
  access?: PageAccess;
}

/** An entry of a menu: the main menu, a person's (account) menu, a community's tabs, the admin menu. */
export interface NavigationEntry {
  menu: 'main' | 'account' | 'community' | 'admin';
  /** A message key (translated), e.g. `links.nav`. */
  label: string;
  /** The target; `:name` style parameters are filled from the page's (a community's tabs). */
  href: string;
  access?: PageAccess;
  /** Lower first; core's entries use multiples of 100. */
  order?: number;
}

/** A panel a plugin adds to a named place on another page (`community.panels`, `profile.panels`, `resource.aside`...). */
export interface SlotPanel<Data = unknown> {
  slot: string;
  /** Its own GraphQL data, with variables from the host page's params. */
  query?: string;
  variables?(params: Readonly<Record<string, string>>): Record<string, unknown>;
  component: ComponentType<SlotProps<Data>>;
  order?: number;
  access?: PageAccess;
}

export interface SlotProps<Data = unknown> {
  data: Data;
  params: Readonly<Record<string, string>>;
  viewer: Viewer | null;
}

/** Formats a message of the catalogue in the page's locale (ICU MessageFormat). */
export type Translate = (key: string, values?: Record<string, string | number | Date | ReactNode>) => string;
