import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsAbstractTypeOf } from '../../../core/src/graphql/compiled-execution.js';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Note implements Node { id: ID! text: String }
  type Page implements Node { id: ID! url: String }
  union Result = Note | Page
  type Box { note: Note results: [Result!]! }
  type Query { note: Note box: Box node(id: ID!): Node search: [Result!]! }
`);

describe('which documents run compiled', () => {
  const selectsAbstractType = selectsAbstractTypeOf();

  it('compiles documents over object types only', () => {
    expect(selectsAbstractType(schema, parse('{ note { id text } box { note { id } } }'))).toBe(false);
  });

  it('leaves to graphql-js every document that selects a union or an interface, however deep or through fragments', () => {
    expect(selectsAbstractType(schema, parse('{ search { ... on Note { text } } }'))).toBe(true);
    expect(selectsAbstractType(schema, parse('{ node(id: "1") { id } }'))).toBe(true);
    expect(selectsAbstractType(schema, parse('{ box { note { id } results { __typename } } }'))).toBe(true);
    expect(selectsAbstractType(schema, parse('query { box { ...parts } } fragment parts on Box { results { __typename } }'))).toBe(true);
  });

  it('remembers the answer per document', () => {
    const document = parse('{ search { __typename } }');
    expect(selectsAbstractType(schema, document)).toBe(true);
    expect(selectsAbstractType(schema, document)).toBe(true);
    const other = buildSchema('type Query { search: [String] }');
    expect(selectsAbstractType(other, parse('{ search }'))).toBe(false);
  });
});
