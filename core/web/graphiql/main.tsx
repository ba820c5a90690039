import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import type { IntrospectionQuery } from 'graphql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './monaco-workers.js';
import 'graphiql/style.css';
import './page.css';

// Same origin: the page is served by the instance whose API it explores.
const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', window.location.href).href });

const container = document.getElementById('graphiql');
if (!container) throw new Error('GraphiQL: the page has no #graphiql element');

/**
 * The schema, from the instance's own introspection document (core/src/http/graphiql-page.ts):
 * graphql-js's introspection query is deeper than /graphql's depth limit allows. Without it
 * GraphiQL still runs queries, with no docs or completion.
 */
async function loadSchema(): Promise<IntrospectionQuery | undefined> {
  try {
    const response = await fetch(new URL('/graphiql/schema.json', window.location.href));
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return ((await response.json()) as { data: IntrospectionQuery }).data;
  } catch (error) {
    console.warn('GraphiQL: no schema, so no docs or completion:', error);
    return undefined;
  }
}

const schema = await loadSchema();
createRoot(container).render(
  <StrictMode>
    {/* Headers (a bearer token) are kept for the tab's life only, not written to localStorage. */}
    <GraphiQL fetcher={fetcher} schema={schema} shouldPersistHeaders={false} />
  </StrictMode>,
);
