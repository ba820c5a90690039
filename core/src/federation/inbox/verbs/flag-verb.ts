import type { ActivityPubDocument, ObjectReference } from '../../documents/parse-activitypub.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { refuse } from '../inbox-outcome.js';
import type { Apply } from '../inbox-plan.js';
import type { VerbContext } from './verb-context.js';

/** Object URIs kept from one Flag. */
export const MAX_FLAG_OBJECTS = 100;

/** A Flag is filed in core's reports; then each plugin handler with `Flag` gets every flagged id (its own moderators' queue). */
export async function planFlag(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply> {
  const uris = [...new Set(activity.objects.map((reference: ObjectReference) => reference.id).filter((id): id is string => !!id))].slice(0, MAX_FLAG_OBJECTS);
  if (uris.length === 0) throw refuse(400, 'Flag without objects');
  const targets = await context.db.selectFrom('core_actors').select(['id', 'uri']).where('uri', 'in', uris).where('domain', 'is', null).execute();
  const target = uris.map((uri) => targets.find((row) => row.uri === uri)).find((row) => row !== undefined);
  const reason = activity.content ?? activity.summary ?? null;
  // Every handler with Flag gets every flagged id, as the sdk says, whichever handler owns the id (one of
  // them may keep the plugin's flags apart from its objects): routed by no id, so by no owner.
  const told = uris.map((uri) => context.plugins.plan(activity, 'Flag', { id: uri }, {}));
  return async (tx, services) => {
    const report = await context.moderation.fileReport(
      { reporterId: sender.id, targetActorId: target?.id ?? null, objectUris: uris, reason: reason?.slice(0, 5000) ?? null, activityUri: activity.id },
      tx,
    );
    for (const tell of told) await tell(tx, services);
    return `Flag from ${sender.uri} filed as report ${report.id}`;
  };
}
