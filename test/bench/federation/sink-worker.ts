/**
 * The delivery sink, in a worker thread of its own so counting does not share the instance's thread:
 * a node:http server on 127.0.0.1 that verifies nothing, answers 202, and counts POSTs per
 * (Host, activity id), and those without a Signature header.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';

const perPair = new Map<string, number>();
const hosts = new Set<string>();
let posts = 0;
let unsigned = 0;
let unreadable = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    posts++;
    if (!request.headers.signature) unsigned++;
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    hosts.add(host);
    try {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: string }).id ?? '';
      const key = `${host} ${id}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    } catch {
      unreadable++;
    }
    response.writeHead(202, { 'content-type': 'text/plain' }).end('202');
  });
});
server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as AddressInfo).port }));
parentPort!.on('message', (message: string) => {
  if (message === 'count') parentPort!.postMessage({ posts });
  if (message === 'report') {
    let duplicates = 0;
    for (const count of perPair.values()) if (count > 1) duplicates += count - 1;
    parentPort!.postMessage({ posts, unsigned, unreadable, pairs: perPair.size, duplicates, hosts: hosts.size });
  }
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
