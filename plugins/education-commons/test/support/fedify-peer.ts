import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFederation, generateCryptoKeyPair, MemoryKvStore, signRequest, type Context } from '@fedify/fedify';
import { Activity, Endpoints, Follow, Person } from '@fedify/fedify/vocab';

/**
 * A Fedify 2 server on 127.0.0.1 standing in for Mastodon: one Person (`mona`) with an RSA key, an
 * inbox that records what it receives (Fedify calls listeners only once the signature verified) and
 * ways to send activities signed by her: Fedify's own, and raw JSON (`deliver`) for what Fedify's
 * vocabulary would not carry as written (our JSON-LD terms, odd addressing). A smaller sibling of test/interop/fedify-peer.ts, which a
 * plugin's tests may not import.
 */
export interface ReceivedActivity {
  type: string;
  actorId: string | null;
  objectId: string | null;
  json: Record<string, unknown>;
}

export interface FedifyPeer {
  actorId: string;
  received: ReceivedActivity[];
  context(): Context<void>;
  follow(targetUri: string): Promise<string>;
  /** POSTs `activity` as it is to `inboxUrl`, HTTP-signed (draft-cavage) by mona; answers the response status. */
  deliver(inboxUrl: string, activity: Record<string, unknown>): Promise<number>;
  /** GETs an ActivityPub document signed by mona (as Mastodon fetches from an authorized-fetch server). */
  fetchSigned(url: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFedifyPeer(username = 'mona'): Promise<FedifyPeer> {
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true });
  const keyPairs = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  const received: ReceivedActivity[] = [];

  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== username) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]!.cryptographicKey,
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === username ? keyPairs : []));

  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Activity, async (_ctx, activity) => {
      received.push({
        type: activity.constructor.name,
        actorId: activity.actorId?.href ?? null,
        objectId: activity.objectId?.href ?? null,
        json: (await activity.toJsonLd({ format: 'compact' })) as Record<string, unknown>,
      });
    });

  let origin = '';
  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const answer = await federation.fetch(new Request(new URL(request.url ?? '/', origin), { method: request.method, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) }), {
      contextData: undefined,
    });
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = () => federation.createContext(new URL(origin), undefined);
  const actorId = context().getActorUri(username).href;
  let follows = 0;

  return {
    actorId,
    received,
    context,
    async follow(targetUri) {
      const ctx = context();
      const target = await ctx.lookupObject(targetUri);
      if (!target || !('inboxId' in target)) throw new Error(`${targetUri} is not an actor the peer can follow`);
      const id = `${actorId}#follows/${++follows}`;
      await ctx.sendActivity({ identifier: username }, target as never, new Follow({ id: new URL(id), actor: new URL(actorId), object: new URL(targetUri) }));
      return id;
    },
    async deliver(inboxUrl, activity) {
      const [key] = await context().getActorKeyPairs(username);
      const request = new Request(inboxUrl, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: JSON.stringify(activity) });
      const response = await fetch(await signRequest(request, keyPairs[0]!.privateKey, key!.keyId));
      await response.arrayBuffer();
      return response.status;
    },
    async fetchSigned(url) {
      const load = await context().getDocumentLoader({ identifier: username });
      return (await load(url)).document as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
