import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { SelectQueryBuilder } from 'kysely';
import { BadUserInputError } from '../errors.js';
import { isUuid } from '../ids.js';
import type { ClassType } from '../class-type.js';

/**
 * Types of plain data say `simpleResolvers: true` (fields `simple: true`): type-graphql then leaves
 * their fields to graphql's own property read instead of wrapping each in a resolver for middlewares
 * and auth checks they do not have. A page of 60 nodes reads hundreds of fields per request, so the
 * wrappers' calls and allocations showed in discover's profile. A type whose fields use
 * `@UseMiddleware` or `@Authorized` must not say it.
 */
@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** `first`/`after` arguments for a connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Page size; at most the instance’s graphql.maxPageSize.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * Makes `<Name>Connection` and `<Name>Edge` object types for a node type:
 *
 *   @ObjectType() class ResourceConnection extends ConnectionType(() => Resource, 'Resource') {}
 */
export function ConnectionType<T>(nodeType: () => ClassType, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(nodeType)
    node!: T;
  }

  // The subclass is the object type; `simple` on the fields carries over to it.
  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeType], { simple: true })
    edges!: EdgeType[];

    @Field(() => [nodeType()], { simple: true })
    nodes!: T[];

    @Field(() => PageInfo, { simple: true })
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

/** The page size to fetch: `first` checked against the limits, BAD_USER_INPUT naming `first` when out of range. */
export function pageSize(first: number | null | undefined, limits: PageLimits): number {
  if (first === null || first === undefined) return limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > limits.maxPageSize) {
    throw new BadUserInputError(`first must be between 1 and ${limits.maxPageSize}.`, 'first');
  }
  return first;
}

/** Cursors are opaque to clients: base64url of the sort key and the id. */
export function encodeCursor(sortKey: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export type SortKeyType = 'timestamp' | 'number' | 'string';
export type IdType = 'uuid' | 'string';

const MAX_CURSOR_LENGTH = 1_024;

/**
 * Reads a cursor back, checking each part has the type its column needs, so a forged cursor is
 * BAD_USER_INPUT naming `after` rather than a database error.
 */
export function decodeCursor(cursor: string, sortType: SortKeyType = 'string', idType: IdType = 'string'): [string | number, string] {
  const refuse = () => new BadUserInputError('after is not a cursor this API gave out.', 'after');
  if (cursor.length > MAX_CURSOR_LENGTH) throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== 2) throw refuse();
  const [sort, id] = value as [unknown, unknown];
  if (!isKeysetKey(sort, id, sortType, idType)) throw refuse();
  return [sort, id as string];
}

/** Whether a cursor's sort key and id have the types their columns need (any keyset cursor). */
export function isKeysetKey(sort: unknown, id: unknown, sortType: SortKeyType, idType: IdType): sort is string | number {
  const sortOk =
    sortType === 'number'
      ? typeof sort === 'number' && Number.isFinite(sort)
      : sortType === 'timestamp'
        ? typeof sort === 'string' && !Number.isNaN(Date.parse(sort))
        : typeof sort === 'string';
  return sortOk && typeof id === 'string' && (idType === 'uuid' ? isUuid(id) : id.length > 0);
}

export interface KeysetOptions<Row> {
  first?: number | null;
  after?: string | null;
  limits: PageLimits;
  /** Column the list is ordered by, qualified as the query needs (`r.created_at`), with the id column as tie-breaker. */
  sortColumn: string;
  /** What the sort column holds, so cursors are checked before they reach the database. */
  sortType: SortKeyType;
  idColumn: string;
  idType: IdType;
  direction: 'asc' | 'desc';
  /** Reads the sort key and id back from a row, for cursors. */
  keyOf(row: Row): { sort: string | number | Date; id: string };
}

/**
 * Keyset pagination over a Kysely query: stable under inserts, and as fast on the last page as on the
 * first when an index covers (sortColumn, idColumn) in the list's direction. The query must not already
 * have an ORDER BY or LIMIT.
 */
export async function paginate<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  options: KeysetOptions<Row>,
): Promise<Connection<Row>> {
  const size = pageSize(options.first, options.limits);
  let q: SelectQueryBuilder<any, any, Row> = query;
  if (options.after) {
    const [sort, id] = decodeCursor(options.after, options.sortType, options.idType);
    const op = options.direction === 'desc' ? '<' : '>';
    // One row comparison, `(sort, id) < (s, i)`: PostgreSQL reads it as a range of a (sort, id) index,
    // so a deep page costs what the first does. Spelled with OR, the planner can only filter, reading
    // every row before the cursor first.
    q = q.where(({ eb, refTuple, tuple }: any) => eb(refTuple(options.sortColumn, options.idColumn), op, tuple(sort, id)));
  }
  const rows = await q
    .orderBy(options.sortColumn as any, options.direction)
    .orderBy(options.idColumn as any, options.direction)
    .limit(size + 1)
    .execute();
  const page = rows.slice(0, size);
  const edges = page.map((node) => {
    const key = options.keyOf(node);
    const sort = key.sort instanceof Date ? key.sort.toISOString() : key.sort;
    return { cursor: encodeCursor(sort, key.id), node };
  });
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
