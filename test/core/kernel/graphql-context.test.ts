import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { graphQLContextOf } from '../../../core/src/graphql/register-graphql.js';

/* Issue 21, item 1: a plugin's resolver reaches only its own view (its constructor's), never core's cradle through the context. */
describe('the GraphQL context', () => {
  it("carries the request's facts and core's scope, but no services", () => {
    const scope = { cradle: { federationCore: 'internal' } };
    const request = { scope, viewer: null, id: 7, ip: '192.0.2.1' } as unknown as FastifyRequest;
    const context = graphQLContextOf(request);
    expect(context).toEqual({ scope, viewer: null, requestId: '7', ip: '192.0.2.1' });
    expect('services' in context).toBe(false);
  });
});
