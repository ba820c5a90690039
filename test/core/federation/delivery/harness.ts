import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Clock, InstanceSettingsInput } from '@commonplace/sdk/internal';
import { createTestInstance } from '../../../../core/src/testing/index.js';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { createFederationPublisher, type DeliverySettings, type FederationPublisher } from '../../../../core/src/federation/outbox/index.js';
import type { PinnedPost, PostResponse } from '../../../../core/src/federation/delivery/index.js';
import type { HostResolver } from '../../../../core/src/federation/fetch/index.js';
import { verifyRequest, type VerifyResult } from '../../../../core/src/federation/signatures/index.js';

export interface ReceivedRequest {
  host: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  verified: VerifyResult;
}

export interface Sink {
  port: number;
  requests: ReceivedRequest[];
  /** The status to answer the next request with (default 202). */
  respond: (request: ReceivedRequest) => number | Promise<number>;
  close(): Promise<void>;
}

/** Every name resolves to 127.0.0.1: `a.example:<port>` and `b.example:<port>` are two hosts on one machine. */
export const loopbackResolver: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];

export interface Harness {
  instance: CoreTestInstance;
  db: CoreTestInstance['running']['database']['db'];
  publisher: FederationPublisher;
  clock: Clock;
  alice: { actorId: string; uri: string; publicKeyPem: string };
  /** Public keys of local actors by key id, for the sinks' verification. */
  keyFor(keyId: string): Promise<string | null>;
  sink(respond?: Sink['respond']): Promise<Sink>;
  remoteActor(input: { host: string; name: string; shared?: boolean; scheme?: 'http' | 'https'; followsActorId?: string; state?: 'accepted' | 'pending' }): Promise<{ id: string; uri: string; inbox: string }>;
  drain(): Promise<void>;
  jobs(name?: string): Promise<Array<{ name: string; state: string; payload: any; attempts: number; run_at: Date; dedupe_key: string | null }>>;
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    clock?: Clock;
    overrides?: Partial<DeliverySettings>;
    settings?: InstanceSettingsInput;
    resolver?: HostResolver;
    transport?: (request: PinnedPost) => Promise<PostResponse>;
  } = {},
): Promise<Harness> {
  const instance = (await createTestInstance({
    jobs: false,
    ...(options.clock ? { clock: options.clock } : {}),
    settings: { federation: { allowPrivateAddresses: true }, ...options.settings },
    // The instance registers the delivery jobs itself; the tests choose how they reach the network.
    deliveryHooks: {
      overrides: options.overrides ?? {},
      resolver: options.resolver ?? loopbackResolver,
      ...(options.transport ? { transport: options.transport } : {}),
    },
  })) as CoreTestInstance;
  const { running } = instance;
  const db = running.database.db;
  const clock = running.services.clock;
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const publisher = createFederationPublisher({ db, jobs: running.jobs, clock, publicUrl: running.publicUrl, log });

  const user = await instance.createUser('alice');
  const aliceRow = await db.selectFrom('core_actors').select(['uri']).where('id', '=', user.actorId).executeTakeFirstOrThrow();
  const alice = { actorId: user.actorId, uri: aliceRow.uri as string, publicKeyPem: await running.accounts.actors.publicKeyPem(user.actorId) };

  const keyFor = async (keyId: string) => {
    const owner = keyId.replace(/#.*$/, '');
    const row = await db.selectFrom('core_actors').select('id').where('uri', '=', owner).where('domain', 'is', null).executeTakeFirst();
    return row ? running.accounts.actors.publicKeyPem(row.id as string) : null;
  };

  const sinks: Sink[] = [];
  const sink = async (respond: Sink['respond'] = () => 202): Promise<Sink> => {
    const requests: ReceivedRequest[] = [];
    const state = { respond };
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const host = request.headers.host ?? '';
        const verified = await verifyRequest(
          { method: request.method ?? 'POST', url: `http://${host}${request.url}`, headers: request.headers, rawBody: body },
          {
            keyResolver: async (keyId) => {
              const pem = await keyFor(keyId);
              return pem ? { publicKeyPem: pem, ownerId: keyId.replace(/#.*$/, '') } : null;
            },
            refreshKey: async () => null,
            clock,
          },
        );
        const received: ReceivedRequest = { host, path: request.url ?? '', headers: request.headers, body, verified };
        requests.push(received);
        const status = verified.ok ? await state.respond(received) : 401;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const created: Sink = {
      port: (server.address() as AddressInfo).port,
      requests,
      get respond() {
        return state.respond;
      },
      set respond(value) {
        state.respond = value;
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
    sinks.push(created);
    return created;
  };

  const remoteActor: Harness['remoteActor'] = async (input) => {
    const id = randomUUID();
    const scheme = input.scheme ?? 'http';
    const uri = `${scheme}://${input.host}/users/${input.name}`;
    const inbox = `${uri}/inbox`;
    const now = clock.now();
    await db
      .insertInto('core_actors')
      .values({
        id,
        type: 'Person',
        username: input.name,
        domain: input.host.replace(/:\d+$/, ''),
        uri,
        inbox_url: inbox,
        shared_inbox_url: input.shared === false ? null : `${scheme}://${input.host}/inbox`,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (input.followsActorId) {
      await db
        .insertInto('core_follows')
        .values({
          id: randomUUID(),
          follower_id: id,
          followed_id: input.followsActorId,
          state: input.state ?? 'accepted',
          activity_uri: `${uri}/follows/${randomUUID()}`,
          created_at: now,
          accepted_at: input.state === 'pending' ? null : now,
        })
        .execute();
    }
    return { id, uri, inbox };
  };

  return {
    instance,
    db,
    publisher,
    clock,
    alice,
    keyFor,
    sink,
    remoteActor,
    drain: () => instance.drainJobs(),
    jobs: async (name) => {
      let query = db.selectFrom('core_jobs').select(['name', 'state', 'payload', 'attempts', 'run_at', 'dedupe_key']);
      if (name) query = query.where('name', '=', name);
      return (await query.orderBy('created_at').execute()) as any;
    },
    async close() {
      for (const open of sinks) await open.close();
      await instance.close();
    },
  };
}

/** A Create of a Note by `actorUri`, without id or addressing (publish adds them). */
export function note(actorUri: string, text = 'Hello, fediverse'): Record<string, unknown> {
  return { type: 'Create', object: { type: 'Note', id: `${actorUri}/notes/${randomUUID()}`, attributedTo: actorUri, content: text } };
}
