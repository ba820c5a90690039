import { paginate, type Connection, type ConnectionArgs, type KeysetOptions, type PageLimits } from '@commonplace/sdk';
import type { EducationCommonsTables } from '../tables.js';

/** A Kysely select paginate takes (the sdk does not name Kysely's builder type). */
type PageableQuery<Row> = Parameters<typeof paginate<any, any, Row>>[0];

/** A select of whole rows of one of the plugin's tables, as a service narrows it before paging. */
export type TableSelect<Table extends keyof EducationCommonsTables> = Parameters<
  typeof paginate<EducationCommonsTables, Table, EducationCommonsTables[Table]>
>[0];

type RowPage<Row> = { edges: Array<{ cursor: string; node: Row }>; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/**
 * Pages already mapped, by page and mapping: a page that is itself reused (discover's first pages,
 * see first-page-cache.ts) is mapped once, not once per request. The GraphQL objects are read-only
 * to every resolver, so requests can share them; a page nobody holds any more is forgotten with it.
 */
const mappedPages = new WeakMap<object, Map<Function, unknown>>();

/**
 * A page of rows as a page of GraphQL objects. Each row is mapped once, and only when asked for:
 * most clients read `nodes`, so `edges` (a second object per row) is built only if the query selects it.
 */
export function mapConnection<Row, Node>(page: RowPage<Row>, map: (row: Row) => Node): any {
  let byMapping = mappedPages.get(page);
  if (!byMapping) mappedPages.set(page, (byMapping = new Map()));
  const known = byMapping.get(map);
  if (known) return known;
  let nodes: Node[] | undefined;
  let edges: Array<{ cursor: string; node: Node }> | undefined;
  const mappedNodes = () => (nodes ??= page.nodes.map(map));
  const mapped = {
    get nodes() {
      return mappedNodes();
    },
    get edges() {
      // paginate gives edges in the same order as nodes, one per row.
      return (edges ??= page.edges.map((edge, index) => ({ cursor: edge.cursor, node: mappedNodes()[index]! })));
    },
    pageInfo: page.pageInfo,
  };
  byMapping.set(map, mapped);
  return mapped;
}

/**
 * How every list in this plugin pages: by creation time, the id breaking ties, newest first unless a
 * thread reads oldest first. `idColumn` names the key column when it is not `id` (members).
 */
export function byCreationTime<Row extends { created_at: Date }>(
  args: ConnectionArgs,
  limits: PageLimits,
  direction: 'asc' | 'desc' = 'desc',
  idColumn: 'id' | 'actor_id' = 'id',
): KeysetOptions<Row> {
  return {
    ...args,
    limits,
    sortColumn: 'created_at',
    sortType: 'timestamp',
    idColumn,
    idType: 'uuid',
    direction,
    keyOf: (row) => ({ sort: row.created_at, id: String((row as Record<string, unknown>)[idColumn]) }),
  };
}

/** A newest-first page of a query (the sdk's paginate reads the cursor as a range of a `(created_at desc, id desc)` index). */
export function newestFirstPage<Row extends { created_at: Date; id: string }>(
  query: PageableQuery<Row>,
  args: ConnectionArgs,
  limits: PageLimits,
): Promise<Connection<Row>> {
  return paginate(query, byCreationTime(args, limits));
}
