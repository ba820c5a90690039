import type { Executor } from '@commonplace/sdk';
import type { Kysely } from 'kysely';
import { renderActorDocument } from '../documents/actor-document.js';
import type { LocalActorFields } from '../documents/actor-fields.js';
import { actorUrls } from '../documents/actor-urls.js';
import { LocalActorDirectory, type LocalActor } from '../documents/local-actor-directory.js';
import { repliesCollectionUrl } from '../documents/object-replies.js';
import type { ActivityPublisher } from './activity-publisher.js';

/**
 * The sdk's FederationPort.publishActorUpdate: a local actor's followers are told its profile changed
 * (a Group renamed, say) with an `Update` carrying its actor document, as Mastodon sends on a profile
 * edit; without it, other servers show the old name until they refetch. Read in `tx`, so the document
 * has the change the caller just made, and is the one served at the actor's id: with `replies` when a
 * plugin serves the actor's replies (`hasReplies`), or a receiver replacing its copy would lose them.
 */
export async function publishActorUpdate(
  publisher: ActivityPublisher,
  input: { publicUrl: string; actorId: string; tx: Executor; hasReplies?: HasActorReplies; actorFields?: LocalActorFields },
): Promise<void> {
  const { tx, actorId } = input;
  const row = await tx.selectFrom('core_actors').select('username').where('id', '=', actorId).where('domain', 'is', null).executeTakeFirst();
  const directory = new LocalActorDirectory(tx as Kysely<any>);
  const actor = row ? await directory.byUsername(row.username as string) : null;
  if (!actor || actor.deletedAt) throw new Error(`publishActorUpdate: ${actorId} is not a live local actor`);
  const replies = (await input.hasReplies?.(actor, tx)) ? repliesCollectionUrl(actor.uri) : null;
  const pluginFields = input.actorFields ? await input.actorFields(actor, tx) : undefined;
  const rendered = renderActorDocument(actor, await directory.publicKeys(actor.id), actorUrls(input.publicUrl, actor), { replies, ...(pluginFields ? { pluginFields } : {}) });
  const { '@context': _context, ...document } = rendered;
  await publisher.publishActivity({ type: 'Update', object: document }, { kind: 'public' }, { tx, actorId });
}

/** Whether a plugin serves the local actor's replies (`FederationObjectHandler.actorReplies`), asked in `tx`. */
export type HasActorReplies = (actor: LocalActor, tx: Executor) => Promise<boolean>;
