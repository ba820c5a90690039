import type { Clock } from '@commonplace/sdk';
import { sql, type Kysely } from 'kysely';
import type { AccountsTables } from '../../accounts/tables.js';

const DAY_MS = 86_400_000;

export interface UserCounts {
  total: number;
  activeMonth: number;
  activeHalfyear: number;
}

/**
 * NodeInfo's user counts: live accounts, and those whose session was used in the last 30 and 180
 * days. Actors without an account (groups, the instance actor) are not users.
 */
export async function countUsers(db: Kysely<any>, clock: Clock): Promise<UserCounts> {
  const accounts = db as Kysely<AccountsTables>;
  const now = clock.now().getTime();
  const total = await accounts
    .selectFrom('core_accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const activeSince = async (days: number) => {
    const row = await accounts
      .selectFrom('core_sessions as s')
      .innerJoin('core_accounts as a', 'a.id', 's.account_id')
      .select((eb) => eb.fn.count<number>('s.account_id').distinct().as('count'))
      .where('a.deleted_at', 'is', null)
      .where('s.last_used_at', '>=', new Date(now - days * DAY_MS))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  return { total: Number(total.count), activeMonth: await activeSince(30), activeHalfyear: await activeSince(180) };
}

/**
 * NodeInfo's `localPosts`: the objects our actors created (a resource, a comment, an economic event:
 * whatever a plugin published in a Create through core's outbox) and have not deleted since. Counted
 * from what core records, so a plugin need declare nothing; an Update is the same post, an Announce
 * is someone else's.
 */
export async function countLocalPosts(db: Kysely<any>): Promise<number> {
  const objectId = (alias: string) => sql.raw(`coalesce(${alias}.activity->'object'->>'id', ${alias}.activity->>'object')`);
  const row = await sql<{ count: number | string }>`
    select count(distinct ${objectId('created')}) as count
    from core_outbox created
    where created.activity->>'type' = 'Create'
      and not exists (
        select 1 from core_outbox deleted
        where deleted.activity->>'type' = 'Delete' and ${objectId('deleted')} = ${objectId('created')}
      )`.execute(db);
  return Number(row.rows[0]?.count ?? 0);
}
