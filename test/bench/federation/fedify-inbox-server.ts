/**
 * Baseline child for `inbox-throughput`: a Fedify 2.3.6 inbox (createFederation with MemoryKvStore,
 * a shared-inbox listener that only counts Creates), served by node:http on 127.0.0.1. Fedify fetches
 * the sender's actor for its key (loopback allowed) and verifies the signature before the listener runs.
 * Usage: node --import tsx fedify-inbox-server.ts <port>
 */
import { createServer } from 'node:http';
import { createFederation, MemoryKvStore } from '@fedify/fedify';
import { Create, Person } from '@fedify/fedify/vocab';

const port = Number(process.argv[2]);
const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true });
let created = 0;
federation.setActorDispatcher('/users/{identifier}', async (ctx, identifier) =>
  identifier === 'inbox' ? new Person({ id: ctx.getActorUri(identifier), preferredUsername: identifier, inbox: ctx.getInboxUri(identifier) }) : null,
);
federation.setInboxListeners('/users/{identifier}/inbox', '/inbox').on(Create, async () => {
  created++;
});

const server = createServer((request, response) => {
  if (request.method === 'GET' && (request.url === '/healthz' || request.url === '/count')) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', accepted: created }));
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        else if (value !== undefined) headers.set(name, value);
      }
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const answer = await federation.fetch(
        new Request(new URL(request.url ?? '/', `http://${request.headers.host}`), { method: request.method, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) }),
        { contextData: undefined },
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    }
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
