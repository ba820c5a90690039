import { createElement, type ComponentType } from 'react';
import { hydrateRoot } from 'react-dom/client';

// An island that posts its page's form (a like button) names the same hidden fields the server's <Form> does.
export { ACTION_FIELD, CSRF_FIELD } from './context.js';

/** The DOM as far as this module uses it (the root tsconfig checks Node code, without DOM types). */
interface IslandElement {
  dataset: { props?: string };
}
interface IslandDocument {
  querySelectorAll(selector: string): Iterable<IslandElement>;
}

/**
 * The browser half of `<Island>`: an island's script calls it with the same component the server
 * rendered, and each `[data-island=<name>]` on the page comes alive with the props it was rendered with.
 */
export function hydrateIslands<P extends object>(name: string, component: ComponentType<P>): number {
  const document = (globalThis as unknown as { document: IslandDocument }).document;
  let count = 0;
  for (const element of document.querySelectorAll(`[data-island="${name.replace(/["\\]/g, '\\$&')}"]`)) {
    const props = JSON.parse(element.dataset.props ?? '{}') as P;
    hydrateRoot(element as never, createElement(component, props));
    count += 1;
  }
  return count;
}
