import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { interleavedRounds, processCpuSeconds, type Contestant } from '../bench/federation/interleaved-rounds.js';
import type { SignedRequest } from '../bench/federation/signed-load.js';

// The inbox benchmark's turn-taking: each round in a rotated order, totals per server, refusals
// counted, and CPU charged to a server's own turns or to the others'.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((done) => server.close(() => done()))));
});

/** A server answering every POST with `status`; `seen` logs its label per request, in arrival order. */
async function startServer(label: string, status: number, seen: string[], onRequest: () => void = () => {}): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(label);
      onRequest();
      res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

const request: SignedRequest = { path: '/inbox', headers: { 'content-type': 'application/activity+json' }, body: '{}' };

/** Labels with consecutive repeats removed: the order of turns. */
function turns(seen: readonly string[]): string[] {
  return seen.filter((label, index) => label !== seen[index - 1]);
}

describe('interleavedRounds', () => {
  it('rotates the order each round and totals each server over its turns', async () => {
    const seen: string[] = [];
    let bCpu = 0;
    const contestants: Contestant[] = [
      { label: 'A', port: await startServer('A', 202, seen), cpuSeconds: async () => undefined, next: () => request },
      {
        label: 'B',
        port: await startServer('B', 401, seen, () => (bCpu = 5)),
        cpuSeconds: async () => bCpu,
        next: () => request,
      },
    ];

    const [a, b] = await interleavedRounds(contestants, { rounds: 2, secondsPerRound: 0.2, connections: 2, settleMs: 20 });

    expect(turns(seen)).toEqual(['A', 'B', 'A']); // round 1: A then B; round 2: B then A
    expect(a!.accepted).toBe(seen.filter((label) => label === 'A').length);
    expect(a!.perRound).toHaveLength(2);
    expect(a!.seconds).toBeGreaterThanOrEqual(0.4);
    expect(a!.acceptedPerSecond).toBeCloseTo(a!.accepted / a!.seconds, 6);
    expect(a!.cpuSecondsWhileIdle).toBeUndefined();
    expect(b!.accepted).toBe(0);
    expect(b!.refused['401']).toBe(seen.filter((label) => label === 'B').length);
    expect(b!.firstRefusal).toMatch(/^401/);
    // B's CPU rose during its own first turn only.
    expect(b!.cpuSecondsWhileMeasured).toBe(5);
    expect(b!.cpuSecondsWhileIdle).toBe(0);
  });

  it('stops a server whose pool runs out, and says so', async () => {
    const seen: string[] = [];
    let left = 3;
    const contestants: Contestant[] = [{ label: 'A', port: await startServer('A', 202, seen), cpuSeconds: async () => 0, next: () => (left-- > 0 ? request : undefined) }];
    const [a] = await interleavedRounds(contestants, { rounds: 1, secondsPerRound: 5, connections: 2, settleMs: 0 });
    expect(a!.accepted).toBe(3);
    expect(a!.poolExhausted).toBe(true);
  });

  it('reads a live process CPU time from /proc, and nothing for a process that is gone', async () => {
    const own = await processCpuSeconds(process.pid);
    if (own === undefined) return; // no /proc here
    expect(own).toBeGreaterThan(0);
    expect(await processCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});
