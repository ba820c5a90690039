import { ForbiddenError, hasRole, NotFoundError, paginate, requireRole, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { requireCommunityRole } from '../communities/roles.js';
import { forwardFlag } from '../federation/flag-forwarding.js';
import { commonsOf } from '../shared/commons.js';
import { checkId, requiredText } from '../shared/input.js';
import type { FlagRow } from '../tables.js';
import { findTarget } from './targets.js';
import { byCreationTime, type TableSelect } from '../shared/connections.js';

/**
 * Flags: anyone logged in reports anything; the report reaches the moderators of the community it
 * lives in and the instance's moderators. Members who are not moderators see no reports (FORBIDDEN).
 * Reports cross servers both ways: ours about remote copies go to their origin (flag-forwarding.ts),
 * and other servers' `Flag`s about our objects land here too (federation/inbound-flags.ts).
 */
export class FlagService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  /** Files the report here and, for a copy of a remote object, forwards it to its origin (anonymously). */
  async flag(viewer: Viewer, targetId: string, reasonInput: string): Promise<FlagRow> {
    const { db, settings, now } = this.commons;
    const reason = requiredText(reasonInput, 'reason', settings.limits.flagReasonLength);
    const target = await findTarget(db, targetId);
    return db.transaction().execute(async (tx) => {
      const flag = await tx
        .insertInto('education_commons_flags')
        .values({
          id: crypto.randomUUID(),
          target_kind: target.kind,
          target_id: target.id,
          community_id: target.communityId,
          reporter_actor_id: viewer.actorId,
          reporter_uri: null,
          reason,
          created_at: now(),
          resolved_at: null,
          resolved_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await forwardFlag(this.services, tx, { flagId: flag.id, target, reason });
      return flag;
    });
  }

  /** Open flags in a community: its moderators (and the instance's). */
  async ofCommunity(viewer: Viewer, communityId: string, args: ConnectionArgs) {
    const id = checkId(communityId, 'communityId');
    await requireCommunityRole(this.commons.db, viewer, id, 'moderator', 'Reading reports');
    return this.open(this.commons.db.selectFrom('education_commons_flags').selectAll().where('community_id', '=', id), args);
  }

  /** Every open flag: the instance's moderators. */
  async all(context: { viewer: Viewer | null }, args: ConnectionArgs) {
    requireRole(context, 'moderator');
    return this.open(this.commons.db.selectFrom('education_commons_flags').selectAll(), args);
  }

  async resolve(viewer: Viewer, flagId: string): Promise<FlagRow> {
    const { db, now } = this.commons;
    const flag = await db.selectFrom('education_commons_flags').selectAll().where('id', '=', checkId(flagId, 'id')).executeTakeFirst();
    if (!flag) throw new NotFoundError('No report with that id.');
    if (flag.community_id) await requireCommunityRole(db, viewer, flag.community_id, 'moderator', 'Resolving reports');
    else if (!hasRole(viewer, 'moderator')) throw new ForbiddenError('Resolving this report needs the moderator role.');
    return db
      .updateTable('education_commons_flags')
      .set({ resolved_at: now(), resolved_by: viewer.actorId })
      .where('id', '=', flag.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  private open(query: TableSelect<'education_commons_flags'>, args: ConnectionArgs) {
    return paginate(query.where('resolved_at', 'is', null), byCreationTime<FlagRow>(args, this.commons.pageLimits));
  }
}
