import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { BadUserInputError, NotFoundError, ServiceUnavailableError, paginate, type Clock, type ConnectionArgs, type FederationPort, type PageLimits } from '@commonplace/sdk/internal';
import { hostOf } from '../documents/host-of.js';
import { INSTANCE_ACTOR_USERNAME } from '../documents/instance-actor.js';
import type { FederationDb, FederationExecutor, FederationTables } from '../remote-actors/tables.js';
import { emitFollowsRemoved, type LifecycleJobs } from '../follows/follow-events.js';
import { domainCandidates } from './domain-candidates.js';
import { DomainListSnapshot } from './domain-list-snapshot.js';
import { notifyDomainListsChanged, onDomainListsChanged } from './domain-list-changes.js';

export { domainCandidates };

export type DomainBlockSeverity = 'reject' | 'silence';
export type DomainBlockRow = FederationTables['core_domain_blocks'];
export type ReportRow = FederationTables['core_reports'];
export type AllowedDomainRow = FederationTables['core_allowed_domains'];

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
  private readonly blocks: DomainListSnapshot<DomainBlockRow>;
  private readonly allowed: DomainListSnapshot<AllowedDomainRow>;

  constructor(
    db: Kysely<any>,
    private readonly clock: Clock,
    /** The outbox (FederationPort.publish): forwarded reports go out through it. */
    private readonly publish?: FederationPort['publish'],
    /** How long the inbox's in-memory copies of the block and allow lists are trusted (federation.hotCacheSeconds). */
    hotCacheSeconds = 0,
    /** Queues `follow.removed` for the follows a rejected domain ends. */
    private readonly jobs?: LifecycleJobs,
  ) {
    this.db = db as FederationDb;
    this.blocks = new DomainListSnapshot(() => this.db.selectFrom('core_domain_blocks').selectAll().execute(), hotCacheSeconds);
    this.allowed = new DomainListSnapshot(() => this.db.selectFrom('core_allowed_domains').selectAll().execute(), hotCacheSeconds);
    onDomainListsChanged(this.db, () => {
      this.blocks.invalidate();
      this.allowed.invalidate();
    });
  }

  /** The block covering a host, from the in-memory snapshot (the inbox's hot path). */
  cachedDomainBlockFor(host: string): Promise<DomainBlockRow | null> {
    return this.blocks.covering(host);
  }

  /** Whether a host is on the allow-list, from the in-memory snapshot (the inbox's hot path). */
  async cachedIsAllowedDomain(host: string): Promise<boolean> {
    return (await this.allowed.covering(host)) !== null;
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
        const removed = await tx
          .deleteFrom('core_follows')
          .where((eb) => eb.or([eb('follower_id', 'in', onDomain), eb('followed_id', 'in', onDomain)]))
          .returningAll()
          .execute();
        if (this.jobs) await emitFollowsRemoved(this.jobs, tx, removed);
      }
      return row;
    }).finally(() => notifyDomainListsChanged(this.db));
  }

  // ---- Allow-list (federation.mode: 'allowlist') ----

  /** Allows a domain and its subdomains (used only in allow-list mode). */
  async allowDomain(input: string): Promise<AllowedDomainRow> {
    const domain = normalizeDomain(input);
    await this.db.insertInto('core_allowed_domains').values({ domain, created_at: this.clock.now() }).onConflict((oc) => oc.column('domain').doNothing()).execute();
    notifyDomainListsChanged(this.db);
    return this.db.selectFrom('core_allowed_domains').selectAll().where('domain', '=', domain).executeTakeFirstOrThrow();
  }

  async disallowDomain(input: string): Promise<boolean> {
    const result = await this.db.deleteFrom('core_allowed_domains').where('domain', '=', normalizeDomain(input)).executeTakeFirst();
    notifyDomainListsChanged(this.db);
    return Number(result.numDeletedRows) > 0;
  }

  listAllowedDomains(): Promise<AllowedDomainRow[]> {
    return this.db.selectFrom('core_allowed_domains').selectAll().orderBy('domain').execute();
  }

  /** True when a host is on the allow-list: itself (port included or not) or a parent domain. */
  async isAllowedDomain(host: string, executor: FederationExecutor = this.db): Promise<boolean> {
    const row = await executor.selectFrom('core_allowed_domains').select('domain').where('domain', 'in', domainCandidates(host)).executeTakeFirst();
    return row !== undefined;
  }

  async unblockDomain(domain: string): Promise<boolean> {
    const result = await this.db.deleteFrom('core_domain_blocks').where('domain', '=', normalizeDomain(domain)).executeTakeFirst();
    notifyDomainListsChanged(this.db);
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

  /**
   * Forwards a report to the reported actor's instance: a Flag from the instance actor naming the actor
   * and the report's objects on its host, addressed to the actor (so delivered to its host's shared inbox
   * when it has one), and the report marked 'forwarded', in one transaction. The reported actor is the
   * report's target when remote, else the first remote actor the report names.
   */
  async forwardReport(reportId: string): Promise<ReportRow> {
    const publish = this.publish;
    if (!publish) throw new ServiceUnavailableError('Reports cannot be forwarded: federation publishing is not wired.');
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const report = UUID.test(reportId) ? await this.db.selectFrom('core_reports').selectAll().where('id', '=', reportId).executeTakeFirst() : undefined;
    if (!report) throw new NotFoundError(`No report ${reportId}.`);
    if (report.state === 'forwarded') throw new BadUserInputError('This report was already forwarded.', 'id');
    const raw = typeof report.object_uris === 'string' ? (JSON.parse(report.object_uris) as unknown) : report.object_uris;
    const uris = Array.isArray(raw) ? raw.filter((uri): uri is string => typeof uri === 'string') : [];
    let target = report.target_actor_id
      ? await this.db.selectFrom('core_actors').selectAll().where('id', '=', report.target_actor_id).where('domain', 'is not', null).executeTakeFirst()
      : undefined;
    if (!target && uris.length > 0) {
      const named = await this.db.selectFrom('core_actors').selectAll().where('uri', 'in', uris).where('domain', 'is not', null).execute();
      target = uris.map((uri) => named.find((row) => row.uri === uri)).find((row) => row !== undefined);
    }
    if (!target) throw new BadUserInputError('The report names no remote actor: there is no instance to forward it to.', 'id');
    const instanceActor = await this.db
      .selectFrom('core_actors')
      .select(['id', 'uri'])
      .where('username', '=', INSTANCE_ACTOR_USERNAME)
      .where('domain', 'is', null)
      .executeTakeFirst();
    if (!instanceActor) throw new ServiceUnavailableError('The instance actor does not exist yet.');
    const targetHost = hostOf(target.uri);
    const objects = [target.uri, ...uris.filter((uri) => uri !== target!.uri && hostOf(uri) === targetHost)];
    const reportedActor = target;
    return this.db.transaction().execute(async (tx) => {
      // Marked first, conditionally: of two moderators forwarding at once, one sends the Flag.
      const marked = await tx
        .updateTable('core_reports')
        .set({ state: 'forwarded' })
        .where('id', '=', report.id)
        .where('state', '!=', 'forwarded')
        .returningAll()
        .executeTakeFirst();
      if (!marked) throw new BadUserInputError('This report was already forwarded.', 'id');
      await publish(
        {
          type: 'Flag',
          id: `${instanceActor.uri}#flags/${randomUUID()}`,
          actor: instanceActor.uri,
          object: objects,
          content: report.reason ?? '',
        },
        { kind: 'direct', to: [reportedActor.uri] },
        { tx, actorId: instanceActor.id },
      );
      return marked;
    });
  }

  /** Closes a report once it was dealt with; an unknown id is NOT_FOUND, a closed one is left as it is. */
  async resolveReport(reportId: string): Promise<ReportRow> {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const row = UUID.test(reportId)
      ? await this.db.updateTable('core_reports').set({ state: 'resolved' }).where('id', '=', reportId).where('state', '=', 'open').returningAll().executeTakeFirst()
      : undefined;
    if (row) return row;
    const existing = UUID.test(reportId) ? await this.db.selectFrom('core_reports').selectAll().where('id', '=', reportId).executeTakeFirst() : undefined;
    if (!existing) throw new NotFoundError(`No report ${reportId}.`);
    return existing;
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
