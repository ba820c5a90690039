import { describe, expect, it } from 'vitest';
import { Field, ObjectType } from 'type-graphql';
import { definePlugin, type SearchDocumentType } from '@commonplace/sdk';
import { collectDocumentTypes } from '../../../core/src/search/document-types.js';

@ObjectType('DocumentTypesTestThing')
class Thing {
  @Field(() => String)
  id!: string;
}

const base: SearchDocumentType = {
  type: 'things.thing',
  graphqlType: 'DocumentTypesTestThing',
  fields: { title: { weight: 'A' } },
  filters: { colour: 'keyword', size: 'number' },
  facets: ['colour'],
  toDocument: () => {
    throw new Error('not called');
  },
  rows: async () => [],
  load: async () => new Map(),
};

const pluginWith = (...documents: SearchDocumentType[]) =>
  definePlugin({ id: 'things', version: '1.0.0', graphql: { resolvers: [], orphanedTypes: [Thing], names: ['DocumentTypesTestThing'] }, search: { documents } });

describe('declared search document types', () => {
  it('are collected with the class of their GraphQL type', () => {
    const types = collectDocumentTypes([pluginWith(base)]);
    expect(types.registered()).toEqual([{ pluginId: 'things', declaration: base, graphqlClass: Thing }]);
    expect(types.forQuery(undefined)).toEqual([base]);
  });

  it.each([
    ['a name without the plugin prefix', { type: 'thing' }, /\[things\] search document type "thing": its name must start with "things\."/],
    ['no searchable field', { fields: {} }, /declares no searchable field/],
    ['an unknown weight', { fields: { title: { weight: 'E' as never } } }, /weight "E"/],
    ['a facet that is not a keyword filter', { facets: ['size'] }, /facet "size" must be a keyword filter/],
    ['a GraphQL type that does not exist', { graphqlType: 'NoSuchType' }, /graphqlType "NoSuchType" is not a GraphQL object type/],
    ['core’s RemoteSearchResult as its GraphQL type', { graphqlType: 'RemoteSearchResult' }, /belongs to core/],
  ])('stop boot naming the plugin for %s', (_name, change, message) => {
    expect(() => collectDocumentTypes([pluginWith({ ...base, ...change })])).toThrowError(message);
  });

  it('stop boot when two declarations share a name', () => {
    expect(() => collectDocumentTypes([pluginWith(base, base)])).toThrowError(/already declared by plugin "things"/);
  });

  it('refuse an unknown type in a query with BAD_USER_INPUT naming types', () => {
    const types = collectDocumentTypes([pluginWith(base)]);
    expect(() => types.forQuery(['things.other'])).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: { field: 'types' } }));
  });
});
