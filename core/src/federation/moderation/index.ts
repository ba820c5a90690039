import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { BadUserInputError, paginate, type Clock, type ConnectionArgs, type PageLimits } from '@commonplace/sdk';
import type { FederationDb, FederationExecutor, FederationTables } from '../remote-actors/tables.js';

export type DomainBlockSeverity = 'reject' | 'silence';
export type DomainBlockRow = FederationTables['core_domain_blocks'];
export type ReportRow = FederationTables['core_reports'];

/** Hosts a block on `domain` covers: the host itself (port included), its name without the port, and its parent domains. */
export function domainCandidates(host: string): string[] {
  const lower = host.toLowerCase();
  const name = lower.replace(/:\d+$/, '');
  const candidates = new Set([lower, name]);
  // An IP address has no parent domains.
  if (!/^[\d.]+$/.test(name) && !name.startsWith('[')) {
    const labels = name.split('.');
    for (let i = 1; i < labels.length - 1; i += 1) candidates.add(labels.slice(i).join('.'));
  }
  return [...candidates];
}

/** A domain as admins type it (`example.org`, `https://example.org/`, `Host:8080`), lower-cased host with port. */
export function normalizeDomain(input: string): string {
  const text = input.trim().toLowerCase();
  if (!text) throw new BadUserInputError('domain must not be empty.', 'domain');
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`);
    if (url.pathname !== '/' || url.search || url.username) throw new Error('not a bare host');
    return url.host;
  } catch {
    throw new BadUserInputError(`"${input}" is not a domain name.`, 'domain');
  }
}

/** Domain blocks (reject, silence) and the moderation report queue. */
export class Moderation {
  private readonly db: FederationDb;

  constructor(
    db: Kysely<any>,
    private readonly clock: Clock,
  ) {
    this.db = db as FederationDb;
  }

  /** The block that covers a host (the most specific one), or null. */
  async domainBlockFor(host: string, executor: FederationExecutor = this.db): Promise<DomainBlockRow | null> {
    const candidates = domainCandidates(host);
    const rows = await executor.selectFrom('core_domain_blocks').selectAll().where('domain', 'in', candidates).execute();
    rows.sort((a, b) => b.domain.length - a.domain.length);
    return rows[0] ?? null;
  }

  async isRejected(host: string, executor?: FederationExecutor): Promise<boolean> {
    return (await this.domainBlockFor(host, executor))?.severity === 'reject';
  }

  /**
   * Blocks a domain. A reject also ends every follow between local actors and actors on it, as
   * nothing is sent there or accepted from there any more.
   */
  async blockDomain(input: { domain: string; severity: DomainBlockSeverity; reason?: string | null }): Promise<DomainBlockRow> {
    const domain = normalizeDomain(input.domain);
    const reason = input.reason?.trim().slice(0, 2000) || null;
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('core_domain_blocks')
        .values({ domain, severity: input.severity, reason, created_at: this.clock.now() })
        .onConflict((oc) => oc.column('domain').doUpdateSet({ severity: input.severity, reason }))
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.severity === 'reject') {
        const onDomain = tx
          .selectFrom('core_actors')
          .select('id')
          .where((eb) => eb.or([eb(eb.fn('lower', ['domain']), '=', domain), eb(eb.fn('lower', ['domain']), 'like', `%.${domain}`)]));
        await tx
          .deleteFrom('core_follows')
          .where((eb) => eb.or([eb('follower_id', 'in', onDomain), eb('followed_id', 'in', onDomain)]))
          .execute();
      }
      return row;
    });
  }

  async unblockDomain(domain: string): Promise<boolean> {
    const result = await this.db.deleteFrom('core_domain_blocks').where('domain', '=', normalizeDomain(domain)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  listDomainBlocks(): Promise<DomainBlockRow[]> {
    return this.db.selectFrom('core_domain_blocks').selectAll().orderBy('domain').execute();
  }

  async fileReport(
    input: { reporterId: string | null; targetActorId: string | null; objectUris: readonly string[]; reason: string | null; activityUri: string | null },
    executor: FederationExecutor = this.db,
  ): Promise<ReportRow> {
    return executor
      .insertInto('core_reports')
      .values({
        id: randomUUID(),
        reporter_id: input.reporterId,
        target_actor_id: input.targetActorId,
        object_uris: sql`cast(cast(${JSON.stringify(input.objectUris)} as text) as jsonb)` as never,
        reason: input.reason,
        activity_uri: input.activityUri,
        state: 'open',
        created_at: this.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  listReports(args: ConnectionArgs, limits: PageLimits) {
    return paginate(this.db.selectFrom('core_reports').selectAll(), {
      ...args,
      limits,
      sortColumn: 'created_at',
      sortType: 'timestamp',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: row.created_at, id: row.id }),
    });
  }
}
