import { idsOf, isJsonObject } from '../../documents/activitypub-values.js';
import type { ActivityPubDocument } from '../../documents/parse-activitypub.js';
import { RemoteActorError } from '../../remote-actors/index.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { emitLifecycleEvent } from '../../../kernel/lifecycle-events.js';
import { refuse, refuseWhenBusy } from '../inbox-outcome.js';
import { nothingToDo, type Apply } from '../inbox-plan.js';
import { objectForPlugins } from './plugin-verbs.js';
import type { VerbContext } from './verb-context.js';

/**
 * Move. Of the sender itself (an account moving, `target` its new actor): believed as Mastodon does,
 * only when the target's own document, fetched from its origin, names the sender in `alsoKnownAs`;
 * then core emits the lifecycle event `actor.moved` for the plugins (and whatever follows it) to act
 * on. A Move of anything else is the plugins' (`on.Move`).
 */
export async function planMove(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const object = activity.object;
  if (!object) throw refuse(400, 'Move without an object');
  if (object.id !== sender.uri) return context.plugins.plan(activity, 'Move', objectForPlugins(object, sender, context));

  const targetUri = activity.target?.id ?? null;
  if (!targetUri) throw refuse(400, 'Move of an actor without a target');
  if (targetUri === sender.uri) throw refuse(400, 'Move of an actor to itself');
  if (context.isLocalUri(targetUri)) return nothingToDo(`Move of ${sender.uri} to our ${targetUri}: moves to local actors are not taken yet; ignored`);
  let aliases: string[];
  try {
    const fetched = await context.remoteActors.fetchDocument(targetUri, 'activitypub');
    if (!isJsonObject(fetched.json) || fetched.json.id !== targetUri) return nothingToDo(`Move to ${targetUri}: its document is not that actor; ignored`);
    aliases = idsOf(fetched.json.alsoKnownAs);
  } catch (error) {
    refuseWhenBusy(error);
    const reason = error instanceof RemoteActorError ? error.reason : String(error);
    return nothingToDo(`Move to ${targetUri}: the target could not be fetched (${reason}); ignored`);
  }
  if (!aliases.includes(sender.uri)) return nothingToDo(`Move of ${sender.uri} to ${targetUri}, whose alsoKnownAs does not name it: ignored`);
  return async (tx) => {
    if (context.jobs) await emitLifecycleEvent(context.jobs, 'actor.moved', { fromUri: sender.uri, toUri: targetUri, local: false }, { tx });
    return `actor ${sender.uri} moved to ${targetUri}`;
  };
}
