import { BadUserInputError } from '@commonplace/sdk';
import type { AgentRow } from '../db/tables.js';
import type { CheckedQuantity } from '../model/quantities.js';
import { canonicalEvent, type SignableEvent } from '../signatures/canonical-event.js';
import { signEd25519, verifyEd25519 } from '../signatures/ed25519.js';
import type { EventInput } from './event-input.js';
import type { ResolvedEvent } from './event-resolution.js';
import type { RecordContext } from './recorded-event.js';

/** What a provider signs of an event: its fields as URIs (the same on every instance), in ValueFlows' names. */
export function signableEvent(event: ResolvedEvent): SignableEvent {
  const { input, action, provider, receiver, from, to, inputOf, outputOf, spec, corrected, links, times, quantities } = event;
  const quantity = (q: CheckedQuantity | null) => (q ? { hasNumericalValue: q.value, hasUnit: q.unit.id } : undefined);
  const iso = (date: Date | null) => date?.toISOString();
  return {
    action: action.id,
    provider: provider.uri,
    receiver: receiver.uri,
    resourceInventoriedAs: from?.uri,
    toResourceInventoriedAs: to?.uri,
    resourceConformsTo: spec?.uri,
    resourceQuantity: quantity(quantities.resource),
    effortQuantity: quantity(quantities.effort),
    inputOf: inputOf?.uri,
    outputOf: outputOf?.uri,
    hasPointInTime: iso(times.hasPointInTime),
    hasBeginning: iso(times.hasBeginning),
    hasEnd: iso(times.hasEnd),
    atLocation: input.atLocation ?? undefined,
    toLocation: input.toLocation ?? undefined,
    state: input.state ?? undefined,
    note: input.note ?? undefined,
    corrects: corrected?.uri,
    fulfills: links.fulfills?.uri,
    satisfies: links.satisfies?.uri,
    settles: links.settles?.uri,
    realizationOf: links.realizationOf?.uri,
  };
}

/** The canonical (JCS) text a client signs for a resolved event: a pure function of it. */
export function signingPayloadOf(event: ResolvedEvent): string {
  return canonicalEvent(signableEvent(event));
}

export interface CheckedSignature {
  signature: string | null;
  signerPublicKey: string | null;
  verified: boolean;
}

/**
 * The signature must be the provider's (or, for a local event, the recording person's when they act
 * for the provider) over the canonical form, verified with node:crypto. Without one, an organisation
 * with a server-held key is signed for; otherwise it is refused when signatures are required.
 */
export function checkSignature(
  input: EventInput,
  payload: string,
  provider: AgentRow,
  context: RecordContext,
  requireSignatures: boolean,
): CheckedSignature {
  if (input.signature || input.signerPublicKey) {
    if (!input.signature) throw new BadUserInputError('signature is required with signerPublicKey.', 'signature');
    if (!input.signerPublicKey) throw new BadUserInputError('signerPublicKey is required with a signature.', 'signerPublicKey');
    const allowed = [provider.eddsa_public_key, context.remote ? null : context.recorder?.eddsa_public_key].filter((key): key is string => !!key);
    if (!allowed.includes(input.signerPublicKey)) {
      throw new BadUserInputError(
        `signerPublicKey is not the provider's: the event must be signed by ${provider.name}${context.remote ? '' : ' (or by you, recording for them)'} with a registered key.`,
        'signerPublicKey',
      );
    }
    if (!verifyEd25519(payload, input.signature, input.signerPublicKey)) {
      throw new BadUserInputError('signature does not verify: it is not the signer’s signature of this event’s canonical (JCS) form.', 'signature');
    }
    return { signature: input.signature, signerPublicKey: input.signerPublicKey, verified: true };
  }
  if (provider.server_eddsa_secret_key && provider.origin === null && !context.remote) {
    return { signature: signEd25519(payload, provider.server_eddsa_secret_key), signerPublicKey: provider.eddsa_public_key, verified: true };
  }
  if (requireSignatures) {
    throw new BadUserInputError(
      provider.eddsa_public_key || context.recorder?.eddsa_public_key
        ? 'signature is required: sign the event’s canonical form (economicEventSigningPayload) with your EdDSA key.'
        : 'signature is required, and neither the provider nor you have a registered EdDSA key (setAgentPublicKey).',
      'signature',
    );
  }
  return { signature: null, signerPublicKey: null, verified: false };
}
