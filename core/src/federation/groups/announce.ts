import type { ActivityPubObject, Executor } from '@commonplace/sdk';
import type { ActivityPublisher, PublishedActivity } from '../outbox/activity-publisher.js';
import { PUBLIC_COLLECTION } from '../jsonld/activitystreams-context.js';

export interface GroupAnnounceResult {
  /** Announce of the whole activity (FEP-1b12; Lemmy and other group-aware servers read this one). */
  activity: PublishedActivity;
  /** Announce of the bare object, for Mastodon and Pleroma; only for a Create whose object has an id. */
  object: PublishedActivity | null;
}

/** Only a Create's object is announced bare: announcing an Update's or a Like's object would look like a fresh boost. */
const BARE_OBJECT_TYPES = new Set(['Create']);

/**
 * FEP-1b12: the local group `groupActorId` relays `activity` to its followers. Publishes, through the
 * outbox (so in `tx`), an Announce of the activity by the group and, for a Create, an Announce of the
 * bare object. Both are addressed to the group's followers, and to as:Public when the activity was public.
 * The caller has checked that the activity may be relayed (the inbox's checks, or the plugin's).
 */
export async function announceToGroupFollowers(
  publisher: ActivityPublisher,
  input: { groupActorId: string; activity: ActivityPubObject; tx: Executor },
): Promise<GroupAnnounceResult> {
  const { groupActorId, tx } = input;
  const { '@context': _context, bto: _bto, bcc: _bcc, ...inner } = input.activity as Record<string, unknown>;
  if (typeof inner.id !== 'string') throw new Error('announceToGroupFollowers: the activity has no id');
  const audience = isPublic(inner) ? ({ kind: 'public' } as const) : ({ kind: 'followers', of: groupActorId } as const);

  const wrapped = await publisher.publishActivity({ type: 'Announce', object: inner }, audience, { tx, actorId: groupActorId });

  const type = Array.isArray(inner.type) ? inner.type : [inner.type];
  const objectId = objectIdOf(inner.object);
  let bare: PublishedActivity | null = null;
  if (objectId && type.some((entry) => typeof entry === 'string' && BARE_OBJECT_TYPES.has(entry))) {
    bare = await publisher.publishActivity({ type: 'Announce', object: objectId }, audience, { tx, actorId: groupActorId });
  }
  return { activity: wrapped, object: bare };
}

function objectIdOf(object: unknown): string | null {
  if (typeof object === 'string') return object;
  if (object && typeof object === 'object' && typeof (object as { id?: unknown }).id === 'string') return (object as { id: string }).id;
  return null;
}

function isPublic(activity: Record<string, unknown>): boolean {
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]);
  return [...list(activity.to), ...list(activity.cc)].some(
    (entry) => entry === PUBLIC_COLLECTION || entry === 'as:Public' || entry === 'Public',
  );
}
