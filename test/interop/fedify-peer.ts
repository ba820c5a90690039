import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from '@fedify/fedify';

/**
 * The parts of Fedify an interop peer uses. Typed after 2.3.6; 1.5.9 has the same shape for all of
 * them (vocabulary classes in the main module instead of `@fedify/fedify/vocab`).
 */
export type FedifyLibrary = typeof import('@fedify/fedify') & typeof import('@fedify/fedify/vocab');

export async function loadFedify2(): Promise<FedifyLibrary> {
  return { ...(await import('@fedify/fedify')), ...(await import('@fedify/fedify/vocab')) };
}

export async function loadFedify1(): Promise<FedifyLibrary> {
  return (await import('fedify-1')) as unknown as FedifyLibrary;
}

type Activity = InstanceType<FedifyLibrary['Activity']>;
type CryptoKeyOf = Awaited<ReturnType<FedifyLibrary['generateCryptoKeyPair']>>['privateKey'];

/** What reached the peer's inbox listeners: Fedify calls them only after the signature verified. */
export interface ReceivedActivity {
  type: string;
  id: string | null;
  actorId: string | null;
  objectId: string | null;
  recipient: string | null;
  activity: Activity;
  json: Record<string, unknown>;
}

export interface FedifyPeer {
  origin: string;
  host: string;
  username: string;
  actorId: string;
  library: FedifyLibrary;
  federation: ReturnType<FedifyLibrary['createFederation']>;
  /** The federation's key-value store (2.x remembers there which signature spec each origin took). */
  kv: InstanceType<FedifyLibrary['MemoryKvStore']>;
  context(): Context<void>;
  received: ReceivedActivity[];
  inboxErrors: unknown[];
  /** Wait until an activity matching `match` has arrived; fails after `timeoutMs`. */
  waitFor(match: (activity: ReceivedActivity) => boolean, options?: { timeoutMs?: number; poll?: () => Promise<unknown> }): Promise<ReceivedActivity>;
  /** The peer's RSA key pair, as Fedify keeps it. */
  rsaKey(): Promise<{ keyId: URL; privateKey: CryptoKeyOf; publicKey: CryptoKeyOf }>;
  close(): Promise<void>;
}

/**
 * A Fedify server on 127.0.0.1 with one actor (`bob`): a Person with an RSA key, an inbox listener
 * recording every activity, and Follows answered with an Accept.
 */
export async function startFedifyPeer(library: FedifyLibrary, options: { username?: string } = {}): Promise<FedifyPeer> {
  const { createFederation, MemoryKvStore, Person, Accept, Activity, Follow, generateCryptoKeyPair, Endpoints } = library;
  const username = options.username ?? 'bob';
  const kv = new MemoryKvStore();
  const federation = createFederation<void>({ kv, allowPrivateAddress: true });
  const keyPairs = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  const received: ReceivedActivity[] = [];
  const inboxErrors: unknown[] = [];
  let accepts = 0;

  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== username) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: 'Bob (Fedify)',
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]!.cryptographicKey,
        assertionMethods: keys.map((key) => key.multikey),
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === username ? keyPairs : []));

  const record = async (ctx: { recipient: string | null }, activity: Activity) => {
    received.push({
      type: activity.constructor.name,
      id: activity.id?.href ?? null,
      actorId: activity.actorId?.href ?? null,
      objectId: activity.objectId?.href ?? null,
      recipient: ctx.recipient,
      activity,
      json: (await activity.toJsonLd({ format: 'compact' })) as Record<string, unknown>,
    });
  };

  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Follow, async (ctx, follow) => {
      await record(ctx, follow);
      if (follow.id == null || follow.actorId == null) return;
      const follower = await follow.getActor(ctx);
      if (follower == null) return;
      await ctx.sendActivity(
        { identifier: username },
        follower,
        new Accept({ id: new URL(`${ctx.getActorUri(username).href}#accepts/${++accepts}`), actor: ctx.getActorUri(username), object: follow }),
      );
    })
    .on(Activity, async (ctx, activity) => record(ctx, activity))
    .onError((_ctx, error) => {
      inboxErrors.push(error);
    });

  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  let origin = '';
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const answer = await federation.fetch(
      new Request(new URL(request.url ?? '/', origin), { method: request.method, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) }),
      { contextData: undefined },
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  const context = (): Context<void> => federation.createContext(new URL(origin), undefined);

  return {
    origin,
    host,
    username,
    actorId: context().getActorUri(username).href,
    library,
    federation,
    kv,
    context,
    received,
    inboxErrors,
    async waitFor(match, waitOptions = {}) {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 5_000);
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `the Fedify peer did not receive the activity in time; it received ${JSON.stringify(received.map((r) => `${r.type} ${r.id}`))}` +
              (inboxErrors.length ? `; inbox errors: ${inboxErrors.map(String).join('; ')}` : ''),
          );
        }
        await waitOptions.poll?.();
        await new Promise((done) => setTimeout(done, 25));
      }
    },
    async rsaKey() {
      const [pair] = await context().getActorKeyPairs(username);
      return { keyId: pair!.keyId, privateKey: keyPairs[0]!.privateKey, publicKey: keyPairs[0]!.publicKey };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
