import type { HeaderInput } from './types.js';

/** Header values by lower-case name, each repeat of a field kept in message order. */
export type HeaderMap = Record<string, string[]>;

/** One shape for every way headers arrive, so the rest of the code never guesses. */
export function toHeaderMap(input: HeaderInput): HeaderMap {
  const map: HeaderMap = Object.create(null);
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    (map[key] ??= []).push(value);
  };
  if (isPairs(input)) {
    for (const [name, value] of input) add(name, value);
    return map;
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) add(name, String(item));
    else add(name, String(value));
  }
  return map;
}

/** The field's value as RFC 9110 combines repeats: joined with ", "; undefined when absent. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const values = headers[name.toLowerCase()];
  return values?.length ? values.map((value) => value.trim()).join(', ') : undefined;
}

export function hasHeader(headers: HeaderMap, name: string): boolean {
  return (headers[name.toLowerCase()]?.length ?? 0) > 0;
}

function isPairs(input: HeaderInput): input is Iterable<readonly [string, string]> {
  return typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function';
}
