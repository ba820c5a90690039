import { createContext, useContext, type ComponentType } from 'react';
import type { Viewer } from '../ports/actors.js';
import type { FormState, NavigationEntry, SlotProps, Translate } from './contract.js';

/** The hidden field every form post carries its CSRF token in (the kernel checks it). */
export const CSRF_FIELD = '_csrf';
/** The hidden field naming which of the page's actions a post runs. */
export const ACTION_FIELD = '_action';

/** A slot panel with its data, ready to render. */
export interface ResolvedSlotPanel {
  /** Unique among the slot's panels (the plugin's id and the panel's index). */
  key: string;
  component: ComponentType<SlotProps<any>>;
  data: unknown;
}

export type SlotLoader = (
  name: string,
  params: Readonly<Record<string, string>>,
) => readonly ResolvedSlotPanel[] | Promise<readonly ResolvedSlotPanel[]>;

/**
 * The facts of the page being rendered, provided once by core's renderer around the layout and the
 * page, so core's components and every plugin's read the same ones (ONE context object, here in the sdk).
 */
export interface PageContextValue {
  viewer: Viewer | null;
  /** A BCP 47 tag of a locale the catalogues have (`en`, `es`). */
  locale: string;
  dir: 'ltr' | 'rtl';
  t: Translate;
  formatDate(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  /** The token each form carries in CSRF_FIELD. */
  csrfToken: string;
  /** The Content-Security-Policy nonce of this response (for the island scripts). */
  nonce: string;
  instanceName: string;
  /** The request's path and query string (`/login?next=%2F`): where "log in and come back" returns. */
  url: string;
  params: Readonly<Record<string, string>>;
  search: Readonly<Record<string, string>>;
  /** After a refused form post: what was sent and why it was refused. */
  form: FormState | null;
  /** Every enabled contribution's menu entries (the layout filters them by menu and access). */
  navigation: readonly NavigationEntry[];
  /** Names of the islands rendered so far: the page includes only their scripts. Filled while rendering. */
  islands: Set<string>;
  /**
   * The panels of a slot with their data. A promise is read with React's `use` (the renderer must
   * then wait for Suspense: renderToPipeableStream's onAllReady or prerender); memoise it per name and
   * params within one render (`memoiseSlots`), or React asks again forever.
   */
  slot: SlotLoader;
}

export const PageContext = createContext<PageContextValue | null>(null);
PageContext.displayName = 'CommonplacePage';

/** The page's facts: viewer, locale, t, csrfToken, nonce, instanceName, params, search... */
export function usePage(): PageContextValue {
  const page = useContext(PageContext);
  if (!page) throw new Error('usePage() outside a page: core renders pages inside its PageContext provider');
  return page;
}

/** The page's translate function. */
export function useT(): Translate {
  return usePage().t;
}

/** Wraps a slot loader so one name and params give the one same answer within a render (as React's `use` needs). */
export function memoiseSlots(load: SlotLoader): SlotLoader {
  const answers = new Map<string, ReturnType<SlotLoader>>();
  return (name, params) => {
    const key = `${name}\u0000${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = load(name, params);
      answers.set(key, answer);
    }
    return answer;
  };
}
