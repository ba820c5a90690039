import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import { BadUserInputError, type Clock } from '@commonplace/sdk';
import { digest, newInviteCode } from './secrets.js';
import type { AccountsDb, AccountsTables } from './tables.js';

const DAY_MS = 86_400_000;
export const INVITE_LIMITS = { maxUses: 1000, maxDays: 365 } as const;

function refusal(code: string | null | undefined): BadUserInputError {
  return code?.trim()
    ? new BadUserInputError('That invite code is unknown, expired or used up.', 'inviteCode')
    : new BadUserInputError('Sign-up here needs an invite code.', 'inviteCode');
}

export interface NewInvite {
  /** Shown once; only its digest is kept. */
  code: string;
  expiresAt: Date;
  maxUses: number;
}

/** Invite codes for invite-only sign-up. */
export class Invites {
  constructor(
    private readonly db: AccountsDb,
    private readonly clock: Clock,
    private readonly defaultTtlDays: number,
  ) {}

  async create(options: { createdBy: string | null; maxUses?: number | null; expiresInDays?: number | null }): Promise<NewInvite> {
    const maxUses = options.maxUses ?? 1;
    const days = options.expiresInDays ?? this.defaultTtlDays;
    if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > INVITE_LIMITS.maxUses) {
      throw new BadUserInputError(`maxUses must be a whole number from 1 to ${INVITE_LIMITS.maxUses}.`, 'maxUses');
    }
    if (!Number.isFinite(days) || days <= 0 || days > INVITE_LIMITS.maxDays) {
      throw new BadUserInputError(`expiresInDays must be more than 0 and at most ${INVITE_LIMITS.maxDays}.`, 'expiresInDays');
    }
    const code = newInviteCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + days * DAY_MS);
    await this.db
      .insertInto('core_invites')
      .values({
        id: randomUUID(),
        code_hash: digest(code),
        created_by: options.createdBy,
        created_at: now,
        expires_at: expiresAt,
        max_uses: maxUses,
        uses: 0,
      })
      .execute();
    return { code, expiresAt, maxUses };
  }

  /** BAD_USER_INPUT naming `inviteCode` unless the code can be used now. Reads only. */
  async assertUsable(code: string | null | undefined, executor: AccountsDb = this.db): Promise<void> {
    const found = await executor.selectFrom('core_invites').select('id').where(this.usableNow(code)).executeTakeFirst();
    if (!found) throw refusal(code);
  }

  /**
   * Uses the invite once, in the sign-up's transaction (so a failed sign-up gives the use back).
   * One conditional update: two sign-ups racing for the last use cannot both get it.
   */
  async redeem(code: string | null | undefined, executor: AccountsDb): Promise<void> {
    const used = await executor
      .updateTable('core_invites')
      .set({ uses: sql`uses + 1` })
      .where(this.usableNow(code))
      .returning('id')
      .executeTakeFirst();
    if (!used) throw refusal(code);
  }

  /** The invite with this code, if it has not expired and has uses left. */
  private usableNow(code: string | null | undefined) {
    const codeHash = digest((code ?? '').trim());
    const now = this.clock.now();
    return (eb: ExpressionBuilder<AccountsTables, 'core_invites'>) =>
      eb.and([eb('code_hash', '=', codeHash), eb('expires_at', '>', now), eb('uses', '<', eb.ref('max_uses'))]);
  }

  /** Deletes invites that expired more than a day ago. */
  async purge(): Promise<number> {
    const result = await this.db
      .deleteFrom('core_invites')
      .where('expires_at', '<=', new Date(this.clock.now().getTime() - DAY_MS))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
