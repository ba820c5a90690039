import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { PageAction, PageDefinition } from '@commonplace/sdk/web';
import { compileDocument } from './run-graphql.js';
import type { CorePageAction, OwnedContribution } from './types.js';

export interface CompiledAction {
  action: PageAction<any>;
  mutation: DocumentNode;
  /** Core's own actions only: start the browser session from the result, or end it. */
  session: CorePageAction['session'] | undefined;
}

export interface CompiledPage {
  owner: string;
  page: PageDefinition<any>;
  query: DocumentNode | null;
  actions: ReadonlyMap<string, CompiledAction>;
}

/**
 * Every contribution's pages, their GraphQL parsed and checked against the schema, so a page that
 * could never run stops the boot naming its owner and path. Two pages on one path stop it too,
 * naming both owners.
 */
export function compilePages(schema: GraphQLSchema, contributions: readonly OwnedContribution[]): CompiledPage[] {
  const owners = new Map<string, string>();
  const compiled: CompiledPage[] = [];
  for (const { owner, web } of contributions) {
    for (const page of web.pages ?? []) {
      const key = routeKey(page.path);
      const taken = owners.get(key);
      if (taken) throw new Error(`The web page ${page.path} of ${owner} clashes with the page ${taken} already has on that path; one of them must move.`);
      owners.set(key, owner);
      const what = `${owner}'s page ${page.path}`;
      const actions = new Map<string, CompiledAction>();
      for (const [name, action] of Object.entries(page.actions ?? {})) {
        actions.set(name, {
          action,
          mutation: compileDocument(schema, action.mutation, `${what}, action "${name}"`),
          session: owner === 'core' ? (action as CorePageAction).session : undefined,
        });
      }
      compiled.push({ owner, page, query: page.query ? compileDocument(schema, page.query, what, { readOnly: true }) : null, actions });
    }
  }
  return compiled;
}

/** `/c/:name` and `/c/:id` are one route to Fastify: compare paths with their parameters' names blanked. */
function routeKey(path: string): string {
  return path.replace(/:[^/]+/g, ':').replace(/\/+$/, '') || '/';
}
