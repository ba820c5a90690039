import type { Executor } from '@commonplace/sdk';
import type { Kysely } from 'kysely';
import { renderActorDocument } from '../documents/actor-document.js';
import { actorUrls } from '../documents/actor-urls.js';
import { LocalActorDirectory } from '../documents/local-actor-directory.js';
import type { FederationPublisher } from './publisher.js';

/**
 * The sdk's FederationPort.publishActorUpdate: a local actor's followers are told its profile changed
 * (a Group renamed, say) with an `Update` carrying its actor document, as Mastodon sends on a profile
 * edit; without it, other servers show the old name until they refetch. Read in `tx`, so the document
 * has the change the caller just made.
 */
export async function publishActorUpdate(
  publisher: Pick<FederationPublisher, 'publishActivity'>,
  input: { publicUrl: string; actorId: string; tx: Executor },
): Promise<void> {
  const { tx, actorId } = input;
  const row = await tx.selectFrom('core_actors').select('username').where('id', '=', actorId).where('domain', 'is', null).executeTakeFirst();
  const directory = new LocalActorDirectory(tx as Kysely<any>);
  const actor = row ? await directory.byUsername(row.username as string) : null;
  if (!actor || actor.deletedAt) throw new Error(`publishActorUpdate: ${actorId} is not a live local actor`);
  const { '@context': _context, ...document } = renderActorDocument(actor, await directory.publicKeys(actor.id), actorUrls(input.publicUrl, actor));
  await publisher.publishActivity({ type: 'Update', object: document }, { kind: 'public' }, { tx, actorId });
}
