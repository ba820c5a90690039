import type { Clock, InstanceSettings } from '@commonplace/sdk/internal';
import { isJsonObject } from '../documents/activitypub-values.js';
import { hostOf } from '../documents/host-of.js';
import { parseActivityPubDocument, type ActivityPubDocument } from '../documents/parse-activitypub.js';
import { isActivityStreamsDocument } from '../jsonld/activitystreams-context.js';
import type { Moderation } from '../moderation/index.js';
import type { RemoteActors } from '../remote-actors/index.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';
import { verifyRequest } from '../signatures/verify-request.js';
import type { HeaderInput } from '../signatures/types.js';
import { accepted, Refusal, refuse, refuseWhenBusy, type InboxOutcome } from './inbox-outcome.js';

export interface InboxRequest {
  /** The absolute URL the sender addressed. */
  url: string;
  headers: HeaderInput;
  contentType: string | undefined;
  rawBody: Buffer;
  /** The local actor whose personal inbox this is; undefined for the shared inbox. */
  recipientUsername?: string;
  /** The HTTP request's id, on the inbox's log line. */
  requestId?: string;
}

export interface VerifyDeps {
  db: FederationDb;
  settings: InstanceSettings;
  clock: Clock;
  remoteActors: RemoteActors;
  moderation: Moderation;
}

/** A request that passed every check: its activity, signed by its actor, and the personal inbox's owner. */
export interface VerifiedActivity {
  activity: ActivityPubDocument & { actor: string };
  recipient: ActorRow | undefined;
}

const ACCEPTED_CONTENT_TYPES = new Set(['application/activity+json', 'application/ld+json', 'application/json']);

/**
 * The inbox's checks before any routing: content type -> recipient -> allow-list -> signature (and
 * digest) -> JSON -> ActivityStreams context -> parse -> the signer is the actor -> domain blocks.
 * Throws a Refusal, or answers an outcome for what is accepted but dropped (allow-list, domain block).
 */
export async function verifyInboxRequest(request: InboxRequest, deps: VerifyDeps, context: Record<string, unknown>): Promise<VerifiedActivity | InboxOutcome> {
  const essence = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_CONTENT_TYPES.has(essence)) {
    throw new Refusal({ status: 415, reason: `content type ${essence ? `"${essence}"` : 'missing'}; expected application/activity+json or application/ld+json`, outcome: 'refused' });
  }
  let recipient: ActorRow | undefined;
  if (request.recipientUsername !== undefined) {
    recipient = await localActorByUsername(deps.db, request.recipientUsername);
    if (!recipient) throw refuse(404, `no local actor named ${request.recipientUsername}`);
  }

  const federation = deps.settings.federation;
  // Allow-list mode: an activity whose actor is on a host not allowed is dropped before any key is fetched from it.
  if (federation.mode === 'allowlist') {
    const claimedHost = claimedActorHost(request.rawBody);
    if (claimedHost && !(await deps.moderation.cachedIsAllowedDomain(claimedHost))) {
      context.actorHost = claimedHost;
      return accepted(`${claimedHost} is not on the allow-list: dropped`, 'dropped');
    }
  }
  const verified = await verifyRequest(
    { method: 'POST', url: request.url, headers: request.headers, rawBody: request.rawBody },
    {
      keyResolver: deps.remoteActors.keyResolver,
      refreshKey: deps.remoteActors.refreshKey,
      clock: deps.clock,
      limits: { signatureMaxSkewSeconds: federation.signatureMaxSkewSeconds, signatureMaxAgeSeconds: federation.signatureMaxAgeSeconds },
    },
  ).catch((error: unknown) => {
    refuseWhenBusy(error);
    throw error;
  });
  if (!verified.ok) {
    context.keyId = verified.keyId;
    if (verified.code === 'unknown-key' && (await isDeleteOfUnknownActor(deps.remoteActors, request.rawBody))) {
      return accepted('Delete of an actor we never knew (its key is gone): ignored', 'ignored');
    }
    throw refuse(401, `signature: ${verified.reason}`);
  }
  context.keyId = verified.keyId;

  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw refuse(400, 'the body is not JSON');
  }
  if (!isActivityStreamsDocument(json)) throw refuse(400, 'the document does not use the ActivityStreams context');
  const parsed = parseActivityPubDocument(json);
  if (!parsed.ok) throw refuse(400, `malformed activity: ${parsed.reason}`);
  const activity = parsed.document;
  context.activityId = activity.id;
  context.type = activity.type;
  context.actor = activity.actor;
  if (!activity.actor) throw refuse(400, 'the activity has no actor');
  if (activity.actors.length > 1) throw refuse(400, 'activities with several actors are not accepted');
  if (verified.ownerId !== activity.actor) {
    throw refuse(401, `signed by ${verified.ownerId}'s key, but the activity's actor is ${activity.actor}`);
  }
  const actorHost = hostOf(activity.actor);
  if (!actorHost) throw refuse(400, `actor ${activity.actor} is not a URL`);

  if (federation.mode === 'allowlist' && !(await deps.moderation.cachedIsAllowedDomain(actorHost))) {
    return accepted(`${actorHost} is not on the allow-list: dropped`, 'dropped');
  }
  const block = await deps.moderation.cachedDomainBlockFor(actorHost);
  if (block?.severity === 'reject') return accepted(`${actorHost} is blocked (domain block on ${block.domain}): dropped`, 'dropped');
  return { activity: activity as VerifiedActivity['activity'], recipient };
}

async function localActorByUsername(db: FederationDb, username: string): Promise<ActorRow | undefined> {
  return db
    .selectFrom('core_actors')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .where('domain', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

async function isDeleteOfUnknownActor(remoteActors: RemoteActors, rawBody: Buffer): Promise<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return false;
  }
  const parsed = parseActivityPubDocument(json);
  if (!parsed.ok || parsed.document.type !== 'Delete' || !parsed.document.actor) return false;
  if (parsed.document.object?.id !== parsed.document.actor) return false;
  return (await remoteActors.byUri(parsed.document.actor)) === null;
}

/** The host of the `actor` a body claims, before its signature is checked; null when there is none to read. */
function claimedActorHost(rawBody: Buffer): string | null {
  try {
    const json = JSON.parse(rawBody.toString('utf8')) as { actor?: unknown };
    const actor = typeof json.actor === 'string' ? json.actor : isJsonObject(json.actor) && typeof json.actor.id === 'string' ? json.actor.id : null;
    return actor ? hostOf(actor) : null;
  } catch {
    return null;
  }
}
