import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '@commonplace/sdk';

export interface HomePageFacts {
  name: string;
  description: string;
  plugins: ReadonlyArray<{ id: string; version: string; description?: string | null }>;
  signUp: 'open' | 'invite-only' | 'closed';
  graphiql: boolean;
}

/** GET /: a small page that says what this instance is, so opening its URL never shows a 404. */
export async function homePageRoute(app: FastifyInstance, facts: HomePageFacts): Promise<void> {
  const html = renderHomePage(facts);
  app.get('/', async (request, reply) => {
    if (prefersJson(request.headers.accept)) {
      return { name: facts.name, description: facts.description, plugins: facts.plugins, signUp: facts.signUp, graphql: '/graphql' };
    }
    return reply.type('text/html; charset=utf-8').send(html);
  });
}

function prefersJson(accept: string | undefined): boolean {
  return !!accept && accept.includes('application/json') && !accept.includes('text/html');
}

export function renderHomePage(facts: HomePageFacts): string {
  const plugins = facts.plugins.length
    ? facts.plugins
        .map((p) => `<li><strong>${escapeHtml(p.id)}</strong> <small>${escapeHtml(p.version)}</small>${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`)
        .join('\n        ')
    : '<li>No plugins enabled: this instance runs the core only.</li>';
  const signUp = { open: 'Sign-up is open.', 'invite-only': 'Sign-up is by invitation.', closed: 'Sign-up is closed.' }[facts.signUp];
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(facts.name)}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1d1d1f; }
      h1 { margin-bottom: .25rem; } small { color: #666; } a { color: #0b57d0; }
      footer { margin-top: 3rem; color: #666; font-size: .9rem; }
    </style>
  </head>
  <body>
    <h1>${escapeHtml(facts.name)}</h1>
    <p>${escapeHtml(facts.description)}</p>
    <p>${signUp}</p>
    <h2>Plugins</h2>
    <ul>
        ${plugins}
    </ul>
    <h2>API</h2>
    <ul>
      <li>GraphQL: <code>POST /graphql</code></li>
      ${facts.graphiql ? '<li><a href="/graphiql">Explore the API in GraphiQL</a></li>' : ''}
      <li><a href="/healthz">Health</a> · <a href="/readyz">Readiness</a></li>
    </ul>
    <footer>Powered by Commonplace, free software under the AGPL.</footer>
  </body>
</html>
`;
}
