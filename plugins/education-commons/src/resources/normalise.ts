import type { ResourceRow } from '../tables.js';

/** jsonb may come back as text on some drivers; the row type promises an array. */
export function normalise(row: ResourceRow): ResourceRow {
  const outcomes = row.learning_outcomes as unknown;
  return typeof outcomes === 'string' ? { ...row, learning_outcomes: JSON.parse(outcomes) as string[] } : row;
}
