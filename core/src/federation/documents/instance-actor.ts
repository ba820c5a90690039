import { ConflictError, INSTANCE_ACTOR_USERNAME, type ActorRecord, type ActorsPort, type Logger } from '@commonplace/sdk/internal';
import type { Kysely } from 'kysely';
import type { AccountsTables } from '../../accounts/tables.js';

/**
 * The instance actor's username: valid under the username rule, so it lives at /actors/instance_actor
 * and answers WebFinger like any actor. It is reserved by existing: the actor is made at boot, before the
 * server listens, and the unique index on local usernames then refuses it to any sign-up.
 */
export { INSTANCE_ACTOR_USERNAME };

/**
 * The Application actor that stands for the server itself and signs its own GETs (authorized-fetch
 * servers refuse unsigned ones). Made on first boot; later boots find it.
 */
export async function ensureInstanceActor(deps: {
  db: Kysely<any>;
  actors: ActorsPort;
  definition: { name: string; description?: string | null | undefined };
  log: Logger;
}): Promise<ActorRecord> {
  const existing = await findInstanceActor(deps.actors);
  if (existing) return existing;
  try {
    const actor = await deps.actors.createLocal({
      type: 'Application',
      username: INSTANCE_ACTOR_USERNAME,
      displayName: deps.definition.name.slice(0, 100),
      summary: `The ${deps.definition.name} server itself. It signs the server's own requests; nobody posts as it.`,
    });
    // Nobody follows a server's own actor by accident, and it has nothing to show in directories.
    await (deps.db as Kysely<AccountsTables>)
      .updateTable('core_actors')
      .set({ manually_approves_followers: true, discoverable: false })
      .where('id', '=', actor.id)
      .execute();
    deps.log.info({ actorId: actor.id, uri: actor.uri }, 'instance actor created');
    return actor;
  } catch (error) {
    // Another process booting at the same moment made it first.
    if (error instanceof ConflictError) {
      const made = await findInstanceActor(deps.actors);
      if (made) return made;
    }
    throw error;
  }
}

async function findInstanceActor(actors: ActorsPort): Promise<ActorRecord | null> {
  const actor = await actors.byUsername(INSTANCE_ACTOR_USERNAME);
  if (actor && actor.type !== 'Application') {
    throw new Error(
      `the username "${INSTANCE_ACTOR_USERNAME}" is held by a ${actor.type}, not the instance actor; rename that actor so the server can have its own`,
    );
  }
  return actor;
}
