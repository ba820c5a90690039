import { sql, type Kysely } from 'kysely';
import type { Clock, Logger } from '@commonplace/sdk';
import { hostOf } from '../documents/host-of.js';
import { allowedDomains, isAllowedHost, isBlockedHost, rejectedDomains } from './domain-blocks.js';
import { enqueueBatch } from './enqueue-batch.js';
import { DELIVER_JOB_NAME, deliveryDedupeKey, type DeliverPayload, type FanOutPayload } from './job-names.js';
import type { DeliverySettings } from './settings.js';

export interface FanOutDeps {
  db: Kysely<any>;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  settings: DeliverySettings;
  /** The deliver job's time limit, as registered. */
  deliverTimeoutMs: number;
  /** federation.mode 'allowlist': only hosts on core_allowed_domains (or under one) are delivered to. */
  allowlist?: boolean;
}

export interface DeliveryTarget {
  inbox: string;
  personal: boolean;
}

/**
 * Expands an outbox activity's audience into remote inboxes, one per shared inbox (so each host gets
 * one request per activity) or the actor's own inbox when it has no shared one, without blocked
 * domains or our own host, and enqueues one delivery job per inbox, all in one transaction.
 */
export async function fanOut(payload: FanOutPayload, deps: FanOutDeps): Promise<number> {
  const ownHost = new URL(deps.publicUrl).host.toLowerCase();
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('core_outbox').select(['id', 'activity_uri']).where('id', '=', payload.outboxId).executeTakeFirst();
    if (!row) return 0; // its actor was deleted since
    const targets = new Map<string, DeliveryTarget>();
    // A personal inbox that is also someone's shared inbox is treated as shared (a 410 removes nobody).
    const addInbox = (inbox: string, personal: boolean) => {
      const known = targets.get(inbox);
      targets.set(inbox, { inbox, personal: (known?.personal ?? true) && personal });
    };
    const add = (inbox: string | null, shared: string | null) => {
      const chosen = shared ?? inbox;
      if (chosen) addInbox(chosen, shared === null);
    };

    if (payload.followersOf.length > 0) {
      // One row per inbox, not per follower: 10,000 followers on 500 hosts are 500 rows to send back.
      const inboxes = await tx
        .selectFrom('core_follows as f')
        .innerJoin('core_actors as a', 'a.id', 'f.follower_id')
        .select((eb) => [
          eb.fn.coalesce('a.shared_inbox_url', 'a.inbox_url').as('inbox'),
          eb.fn<boolean>('bool_and', [eb('a.shared_inbox_url', 'is', null)]).as('personal'),
        ])
        .where('f.followed_id', 'in', payload.followersOf)
        .where('f.state', '=', 'accepted')
        .where('a.domain', 'is not', null)
        .where('a.deleted_at', 'is', null)
        .groupBy(sql`1`)
        .execute();
      for (const { inbox, personal } of inboxes) {
        if (inbox) addInbox(inbox, personal);
      }
    }
    if (payload.recipients.length > 0) {
      const addressed = await tx
        .selectFrom('core_actors')
        .select(['uri', 'inbox_url', 'shared_inbox_url'])
        .where('uri', 'in', payload.recipients)
        .where('domain', 'is not', null)
        .where('deleted_at', 'is', null)
        .execute();
      for (const actor of addressed) add(actor.inbox_url, actor.shared_inbox_url);
      const found = new Set(addressed.map((actor) => actor.uri));
      const unknown = payload.recipients.filter((uri) => !found.has(uri) && hostOf(uri) !== ownHost);
      if (unknown.length > 0) deps.log.debug({ activity: row.activity_uri, unknown }, 'addressed actors not known here are not delivered to');
    }

    const blocked = await rejectedDomains(tx);
    const allowed = deps.allowlist ? await allowedDomains(tx) : null;
    const jobs: Array<{ payload: DeliverPayload; dedupeKey: string }> = [];
    for (const target of targets.values()) {
      let url: URL;
      try {
        url = new URL(target.inbox);
      } catch {
        continue;
      }
      if (url.host.toLowerCase() === ownHost || isBlockedHost(url.hostname, blocked)) continue;
      if (allowed && !isAllowedHost(url, allowed)) continue;
      jobs.push({
        payload: { outboxId: row.id, inbox: target.inbox, personal: target.personal },
        dedupeKey: deliveryDedupeKey(row.activity_uri, target.inbox),
      });
    }
    await enqueueBatch(tx, jobs, {
      name: DELIVER_JOB_NAME,
      maxAttempts: deps.settings.deliveryMaxAttempts,
      backoffMs: deps.settings.deliveryBackoffMs,
      timeoutMs: deps.deliverTimeoutMs,
      now: deps.clock.now(),
    });
    deps.log.debug({ activity: row.activity_uri, inboxes: jobs.length }, 'activity fanned out');
    return jobs.length;
  });
}

