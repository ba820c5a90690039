import type { ActivityPubObject } from '@commonplace/sdk';
import type { Quantity } from '../model/units.js';

/** Careful readers of fields from remote JSON: anything of the wrong shape reads as absent. */
export function text(value: unknown, max = 10_000): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** A link: a URI string, or an embedded object's id. */
export function link(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

export function embedded(value: unknown): ActivityPubObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ActivityPubObject) : undefined;
}

export function quantity(value: unknown): Quantity | undefined {
  const object = embedded(value);
  if (!object) return undefined;
  const number = object.hasNumericalValue;
  const unit = object.hasUnit;
  return typeof number === 'number' && Number.isFinite(number) && typeof unit === 'string' ? { hasNumericalValue: number, hasUnit: unit } : undefined;
}

export function typeOf(object: ActivityPubObject): string | undefined {
  return Array.isArray(object.type) ? (object.type.find((entry) => typeof entry === 'string') as string | undefined) : object.type;
}
