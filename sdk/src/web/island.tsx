import type { ComponentType } from 'react';
import { usePage } from './context.js';

export interface IslandProps<P extends object> {
  /** The island's name as its contribution declares it (`<plugin-id>.<name>`): its browser script. */
  name: string;
  /** The component, rendered here on the server and hydrated by the island's script in the browser. */
  component: ComponentType<P>;
  /** Its props: JSON only (they travel to the browser in data-props). */
  props: P;
}

/**
 * An interactive part of a page. The server renders it whole (it reads and works as a link or a form
 * before any script); the page then loads the island's script, which hydrates every
 * `[data-island=<name>]` with the same props (`hydrateIslands` of `@commonplace/sdk/web/client`).
 */
export function Island<P extends object>({ name, component: Component, props }: IslandProps<P>) {
  const page = usePage();
  page.islands.add(name);
  return (
    <div data-island={name} data-props={JSON.stringify(props)}>
      <Component {...props} />
    </div>
  );
}
