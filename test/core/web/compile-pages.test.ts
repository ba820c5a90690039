import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { compilePages } from '../../../core/src/web/server/compile-pages.js';
import { PageRenderer } from '../../../core/src/web/server/page-renderer.js';

const schema = buildSchema('type Query { hello: String } type Mutation { wipe: Boolean }');
const component = () => null;
const page = (path: string, query?: string) => ({ path, title: () => 'x', component, ...(query ? { query } : {}) });

describe('compilePages', () => {
  it('compiles a page whose query reads', () => {
    const [compiled] = compilePages(schema, [{ owner: 'demo', web: { pages: [page('/hello', '{ hello }')] } }] as never);
    expect(compiled!.query).not.toBeNull();
  });

  it('refuses a page whose GET would run a mutation (a write any link or <img> could trigger, past CSRF)', () => {
    expect(() => compilePages(schema, [{ owner: 'demo', web: { pages: [page('/wipe', 'mutation { wipe }')] } }] as never)).toThrowError(
      /demo's page \/wipe: .*only read/,
    );
  });

  it('refuses a slot panel whose query is a mutation', () => {
    const deps = { schema, contributions: [{ owner: 'demo', web: { slots: [{ slot: 'profile', component, query: 'mutation { wipe }' }] } }], layout: component } as never;
    expect(() => new PageRenderer(deps)).toThrowError(/demo's panel in slot "profile": .*only read/);
  });
});
