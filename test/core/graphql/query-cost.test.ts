import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSchema, parse } from 'graphql';

// Counts the cost walks, to see which requests the memo spares one.
const walks = vi.hoisted(() => ({ count: 0 }));
vi.mock('graphql-query-complexity', async (importOriginal) => {
  const original = await importOriginal<typeof import('graphql-query-complexity')>();
  return {
    ...original,
    getComplexity: (...args: Parameters<typeof original.getComplexity>) => {
      walks.count += 1;
      return original.getComplexity(...args);
    },
  };
});

const { memoizedQueryWeight, queryCost } = await import('../../../core/src/graphql/query-cost.js');
type Memo = ReturnType<typeof memoizedQueryWeight>;
/** The memo's cost alone, as these tests compare it. */
const memoizedQueryCost = (l: typeof limits) => {
  const memo: Memo = memoizedQueryWeight(l);
  return (...args: Parameters<Memo>) => memo(...args).cost;
};

const schema = buildSchema(`
  type Note { id: ID! text: String! replies(first: Int): [Note!]! }
  type Query { notes(first: Int): [Note!]! me: Note }
`);
const limits = { maxCost: 1_000, defaultPageSize: 20, mutationCost: 10 };

describe('the query cost check', () => {
  beforeEach(() => {
    walks.count = 0;
  });

  it('costs a list by the page it asks for, and the default page when it names none', () => {
    expect(queryCost(schema, parse('{ notes(first: 5) { id text } }'), undefined, limits)).toBe(1 + 2 * 5);
    expect(queryCost(schema, parse('{ notes { id } }'), undefined, limits)).toBe(1 + 1 * 20);
  });

  it('walks a document without variables once, whatever the requests that send it', () => {
    const costOf = memoizedQueryCost(limits);
    const document = parse('{ notes(first: 5) { id replies(first: 3) { id } } }');
    const expected = queryCost(schema, document, undefined, limits);
    walks.count = 0;

    expect([costOf(schema, document, undefined), costOf(schema, document, {}), costOf(schema, document, { unused: 1 })]).toEqual([
      expected,
      expected,
      expected,
    ]);
    expect(walks.count).toBe(1);
    // Another parse of the same text is another document (mercurius hands one per cached text).
    expect(costOf(schema, parse('{ notes(first: 5) { id replies(first: 3) { id } } }'), undefined)).toBe(expected);
    expect(walks.count).toBe(2);
  });

  it('costs a document with variables on every request, by the values it is sent with', () => {
    const costOf = memoizedQueryCost(limits);
    const document = parse('query Page($n: Int) { notes(first: $n) { id text } }');
    expect(costOf(schema, document, { n: 2 })).toBe(1 + 2 * 2);
    expect(costOf(schema, document, { n: 400 })).toBe(1 + 2 * 400);
    expect(costOf(schema, document, {})).toBe(1 + 2 * 20);
    expect(walks.count).toBe(3);
  });

  it('keeps one cost per operation of a document, and none for a name the document does not have', () => {
    const costOf = memoizedQueryCost(limits);
    const document = parse('query Small { me { id } } query Large { notes(first: 50) { id text } }');
    expect(costOf(schema, document, undefined, 'Small')).toBe(2);
    expect(costOf(schema, document, undefined, 'Large')).toBe(1 + 2 * 50);
    expect(costOf(schema, document, undefined, 'Small')).toBe(2);
    expect(walks.count).toBe(2);
    costOf(schema, document, undefined, 'Missing');
    costOf(schema, document, undefined, 'Missing');
    expect(walks.count).toBe(4);
  });

  it('walks again for another schema', () => {
    const costOf = memoizedQueryCost(limits);
    const document = parse('{ notes { id } }');
    const richer = buildSchema(`type Note { id: ID! } type Query { notes(first: Int): [Note!]! extra: Int }`);
    costOf(schema, document, undefined);
    costOf(richer, document, undefined);
    costOf(richer, document, undefined);
    expect(walks.count).toBe(2);
  });
});
