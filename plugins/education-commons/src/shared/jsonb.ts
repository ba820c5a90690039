import { sql } from '@commonplace/sdk';

export function jsonb(value: unknown) {
  return sql<any>`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;
}

/** jsonb read back: the pg driver parses it; some paths hand back the text. */
export function fromJsonb<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
