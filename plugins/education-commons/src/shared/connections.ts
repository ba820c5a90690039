/** A page of rows as a page of GraphQL objects. */
export function mapConnection<Row, Node>(
  page: { edges: Array<{ cursor: string; node: Row }>; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } },
  map: (row: Row) => Node,
): any {
  return { edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })), nodes: page.nodes.map(map), pageInfo: page.pageInfo };
}
