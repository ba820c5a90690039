/**
 * Baseline child for `inbox-throughput`: a bare node:http inbox that reads the body, verifies the
 * draft-cavage signature and the Digest with our verifyRequest (the key comes from memory: the PEM in
 * BENCH_PUBLIC_KEY_PEM, owned by BENCH_ACTOR_ID), and answers 202, or 401 when verification fails.
 * Usage: node --import tsx bare-verifier-server.ts <port>
 */
import { createServer } from 'node:http';
import { verifyRequest } from '../../../core/src/federation/signatures/index.js';

const port = Number(process.argv[2]);
const publicKeyPem = process.env.BENCH_PUBLIC_KEY_PEM ?? '';
const ownerId = process.env.BENCH_ACTOR_ID ?? '';
const keyId = `${ownerId}#main-key`;
const resolve = async (id: string) => (id === keyId ? { publicKeyPem, ownerId } : null);
let accepted = 0;

const server = createServer((request, response) => {
  if (request.method === 'GET') {
    const body = request.url === '/count' ? JSON.stringify({ accepted }) : JSON.stringify({ status: 'ok' });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    verifyRequest(
      { method: request.method ?? 'POST', url: `http://${request.headers.host}${request.url}`, headers: request.rawHeaders.length ? pairs(request.rawHeaders) : request.headers, rawBody: Buffer.concat(chunks) },
      { keyResolver: resolve, refreshKey: async () => null },
    ).then(
      (result) => {
        if (result.ok) accepted++;
        response.writeHead(result.ok ? 202 : 401).end();
      },
      () => response.writeHead(500).end(),
    );
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}
