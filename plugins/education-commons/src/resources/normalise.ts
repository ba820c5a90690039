import type { Connection } from '@commonplace/sdk';
import type { ResourceRow } from '../tables.js';

/** jsonb may come back as text on some drivers; the row type promises an array. */
export function normalise(row: ResourceRow): ResourceRow {
  const outcomes = row.learning_outcomes as unknown;
  return typeof outcomes === 'string' ? { ...row, learning_outcomes: JSON.parse(outcomes) as string[] } : row;
}

/** A page of resource rows, each normalised (nodes and edges alike). */
export function normalisedPage(page: Connection<ResourceRow>): Connection<ResourceRow> {
  return { ...page, nodes: page.nodes.map(normalise), edges: page.edges.map((edge) => ({ ...edge, node: normalise(edge.node) })) };
}
