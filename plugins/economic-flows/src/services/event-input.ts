import type { Quantity } from '../model/units.js';

/** An event as a client (GraphQL) or a federated object states it; references are ids or URIs. */
export interface EventInput {
  action: string;
  provider: string;
  receiver: string;
  resourceInventoriedAs?: string | null;
  toResourceInventoriedAs?: string | null;
  resourceConformsTo?: string | null;
  resourceQuantity?: Quantity | null;
  effortQuantity?: Quantity | null;
  inputOf?: string | null;
  outputOf?: string | null;
  hasPointInTime?: string | null;
  hasBeginning?: string | null;
  hasEnd?: string | null;
  atLocation?: string | null;
  toLocation?: string | null;
  state?: string | null;
  note?: string | null;
  corrects?: string | null;
  fulfills?: string | null;
  satisfies?: string | null;
  settles?: string | null;
  realizationOf?: string | null;
  /** base58 Ed25519 signature of the event's canonical (JCS) form. */
  signature?: string | null;
  /** base58 public key the signature was made with: the provider's, or the recorder's. */
  signerPublicKey?: string | null;
}

/** What `newInventoriedResource` may say about the resource an event creates. */
export interface NewResourceInput {
  name?: string | null;
  note?: string | null;
  trackingIdentifier?: string | null;
  ofBatchLot?: string | null;
  conformsTo?: string | null;
  currentLocation?: string | null;
}
