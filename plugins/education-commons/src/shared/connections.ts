import type { ConnectionArgs, KeysetOptions, PageLimits } from '@commonplace/sdk';

/** A page of rows as a page of GraphQL objects. */
export function mapConnection<Row, Node>(
  page: { edges: Array<{ cursor: string; node: Row }>; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } },
  map: (row: Row) => Node,
): any {
  return { edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })), nodes: page.nodes.map(map), pageInfo: page.pageInfo };
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
