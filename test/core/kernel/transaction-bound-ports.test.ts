import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject, type PluginServices } from '@commonplace/sdk';
import { createRemoteActor, deliverSigned, type RemoteActor } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { bindPortToTransaction } from '../../../core/src/kernel/transaction-bound-ports.js';

/**
 * Inside an inbox handler core's ports default to the inbox's transaction: a handler that never
 * passes `{ tx: services.db }` neither waits on the root database (which on PGlite, one connection,
 * never comes free while the inbox holds it) nor writes outside the transaction.
 */
type ProbeServices = PluginServices;

interface Seen {
  marker: string;
  actorFound: boolean;
  followState: string | null;
  blocked: boolean;
}
const seen: Seen[] = [];

const probePlugin = definePlugin<ProbeServices>({
  id: 'tx-probe',
  version: '1.0.0',
  jobs: { noted: { handler: async () => {} } },
  search: {
    documents: [
      {
        type: 'tx-probe.doc',
        fields: { title: { weight: 'A' } },
        toDocument: (row: { id: string }) => ({ id: row.id, type: 'tx-probe.doc', audience: { kind: 'public' }, fields: { title: row.id } }),
        rows: async () => [],
        load: async () => new Map(),
      },
    ],
  },
  federation: {
    objects: [
      {
        types: ['Article'],
        matches: () => true,
        on: {
          // Not one `tx` passed: each call takes the inbox's transaction from the view.
          async Create(activity: ActivityPubObject, object: ActivityPubObject, services: ProbeServices) {
            const marker = String(object.name);
            const alice = await services.actors.byUsername('alice');
            const actor = alice ? await services.actors.byId(alice.id) : null;
            const sender = String(activity.actor);
            seen.push({
              marker,
              actorFound: actor !== null,
              followState: actor ? await services.federation.follows.state(sender, actor.uri) : null,
              blocked: actor ? await services.federation.follows.isBlocked(sender, actor.uri) : true,
            });
            await services.search.index({ id: marker, type: 'tx-probe.doc', audience: { kind: 'public' }, fields: { title: marker } });
            await services.jobs.enqueue('tx-probe.noted', { marker });
            await services.secrets.set(`probe-${marker}`, marker);
            if (marker.startsWith('fail')) throw new Error('the handler fails after its writes');
          },
        },
      },
    ],
  },
});

/** Fails the test rather than hang it when a call waits on the root database. */
function withinSeconds<T>(seconds: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${seconds} s: a port waited on the root database`)), seconds * 1000).unref()),
  ]);
}

describe('core ports inside an inbox handler', () => {
  let instance: CoreTestInstance;
  let remi: RemoteActor;
  const db = () => instance.running.database.db;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [probePlugin], jobs: false, settings: { federation: { allowPrivateAddresses: true } } });
    await instance.signUp('alice');
    remi = await createRemoteActor({ username: 'remi' });
  });
  afterAll(async () => {
    await remi?.close();
    await instance?.close();
  });

  const deliver = (marker: string) =>
    withinSeconds(20, deliverSigned(instance, { type: 'Create', object: { id: remi.newId('articles'), type: 'Article', attributedTo: remi.id, name: marker } }, { from: remi }));

  /** What the handler wrote for `marker`, read outside any transaction. */
  async function writesOf(marker: string) {
    const change = await db().selectFrom('core_search_changes').select('id').where('type', '=', 'tx-probe.doc').where('id', '=', marker).executeTakeFirst();
    const jobs = await db().selectFrom('core_jobs').select('payload').where('name', '=', 'tx-probe.noted').execute();
    const secret = await db().selectFrom('core_plugin_secrets').select('name').where('plugin', '=', 'tx-probe').where('name', '=', `probe-${marker}`).executeTakeFirst();
    return {
      searchChange: change !== undefined,
      job: jobs.some((row) => JSON.stringify(row.payload).includes(marker)),
      secret: secret !== undefined,
    };
  }

  it('runs search.index, jobs.enqueue, actors.byId, follows.state and secrets.set without tx, and their writes commit with the activity', async () => {
    expect((await deliver('kept-1')).statusCode).toBe(202);
    expect(seen.find((entry) => entry.marker === 'kept-1')).toEqual({ marker: 'kept-1', actorFound: true, followState: null, blocked: false });
    expect(await writesOf('kept-1')).toEqual({ searchChange: true, job: true, secret: true });
    expect(await instance.viewOf<ProbeServices>('tx-probe').secrets.get('probe-kept-1')).toBe('kept-1');
  });

  it('rolls their writes back with the transaction when the handler fails', async () => {
    const response = await deliver('fail-1');
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(seen.some((entry) => entry.marker === 'fail-1')).toBe(true);
    expect(await writesOf('fail-1')).toEqual({ searchChange: false, job: false, secret: false });
  });
});

describe('bindPortToTransaction', () => {
  const root = { root: true } as never;
  const tx = { tx: true } as never;
  const other = { other: true } as never;

  it('gives the transaction to a call that passes none, and leaves a transaction the caller passes', async () => {
    const calls: unknown[][] = [];
    const jobs = bindPortToTransaction('jobs', { enqueue: async (...args: unknown[]) => void calls.push(args), deadLetters: async () => [root] }, tx);
    await jobs.enqueue('a.b', 1);
    await jobs.enqueue('a.b', 2, { delayMs: 5 });
    await jobs.enqueue('a.b', 3, { tx: other });
    expect(calls).toEqual([
      ['a.b', 1, { tx }],
      ['a.b', 2, { delayMs: 5, tx }],
      ['a.b', 3, { tx: other }],
    ]);
    expect(await jobs.deadLetters()).toEqual([root]);
  });

  it('binds a positional transaction (actors) and the follows of federation, keeping methods on their port', async () => {
    class Actors {
      readonly prefix = 'actor:';
      async byId(id: string, given?: unknown) {
        return { id: this.prefix + id, given };
      }
    }
    const actors = bindPortToTransaction('actors', new Actors(), tx);
    expect(await actors.byId('1')).toEqual({ id: 'actor:1', given: tx });
    expect(await actors.byId('2', other)).toEqual({ id: 'actor:2', given: other });
    expect(actors.prefix).toBe('actor:');

    const federation = bindPortToTransaction('federation', { follows: { state: async (_a: string, _b: string, options?: unknown) => options } }, tx);
    expect(await federation.follows.state('a', 'b')).toEqual({ tx });
    expect(federation.follows).toBe(federation.follows);
  });

  it('leaves other ports as they are', () => {
    const clock = { now: () => new Date(0) };
    expect(bindPortToTransaction('clock', clock, tx)).toBe(clock);
  });
});
