import { randomUUID } from 'node:crypto';
import type { ActivityPubObject } from '@commonplace/sdk/internal';
import { ACTIVITYSTREAMS_CONTEXT } from '../jsonld/activitystreams-context.js';

/** An id for an activity a local actor sends; a fragment of the actor, as these are not served on their own. */
export function localActivityId(actorUri: string, kind: string, id: string = randomUUID()): string {
  return `${actorUri}#${kind}/${id}`;
}

/** A Follow; embedded (no context, no addressing) inside an Accept, Reject or Undo. */
export function followActivity(id: string, followerUri: string, followedUri: string, withContext = true): ActivityPubObject {
  return {
    ...(withContext ? { '@context': ACTIVITYSTREAMS_CONTEXT } : {}),
    id,
    type: 'Follow',
    actor: followerUri,
    object: followedUri,
    ...(withContext ? { to: [followedUri] } : {}),
  };
}

/** A Block; embedded inside an Undo without context and addressing. */
export function blockActivity(blockerUri: string, blockedUri: string, blockId: string, withContext = true): ActivityPubObject {
  return {
    ...(withContext ? { '@context': ACTIVITYSTREAMS_CONTEXT } : {}),
    id: localActivityId(blockerUri, 'blocks', blockId),
    type: 'Block',
    actor: blockerUri,
    object: blockedUri,
    ...(withContext ? { to: [blockedUri] } : {}),
  };
}

