import type { Clock } from '@commonplace/sdk';
import type { Kysely } from 'kysely';
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
