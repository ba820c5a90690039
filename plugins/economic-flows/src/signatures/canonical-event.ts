import canonicalize from 'canonicalize';
import type { Quantity } from '../model/units.js';

/**
 * What a signature covers: the event as the provider states it, every reference an absolute URI so the
 * same bytes can be checked on any instance. Absent fields are left out (never null); times are
 * `Date.toISOString()` (UTC, milliseconds). The signed bytes are the UTF-8 of its JCS (RFC 8785) form.
 */
export interface SignableEvent {
  action: string;
  provider: string;
  receiver: string;
  resourceInventoriedAs?: string;
  toResourceInventoriedAs?: string;
  resourceConformsTo?: string;
  resourceQuantity?: Quantity;
  effortQuantity?: Quantity;
  inputOf?: string;
  outputOf?: string;
  hasPointInTime?: string;
  hasBeginning?: string;
  hasEnd?: string;
  atLocation?: string;
  toLocation?: string;
  state?: string;
  note?: string;
  corrects?: string;
  fulfills?: string;
  satisfies?: string;
  settles?: string;
  realizationOf?: string;
}

export const SIGNED_EVENT_TYPE = 'https://w3id.org/valueflows/ont/vf#EconomicEvent';

/** The JCS text of the event: the exact string a provider signs. */
export function canonicalEvent(event: SignableEvent): string {
  const plain: Record<string, unknown> = { '@type': SIGNED_EVENT_TYPE };
  for (const [key, value] of Object.entries(event)) {
    if (value !== undefined && value !== null) plain[key] = value;
  }
  return canonicalize(plain)!;
}
