import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rateSettled, warmUntilSettled } from '../bench/federation/warm-up.js';
import type { SignedRequest } from '../bench/federation/signed-load.js';

// The inbox benchmark's warm-up: load until a server's rate stops climbing, within its bounds.

describe('rateSettled', () => {
  it('waits for three windows and for the last not to climb above the two before it', () => {
    expect(rateSettled([1_000, 1_000], 0.1)).toBe(false);
    // Climbing, as a JIT-compiled server from cold: 946, 1,753, 2,579, 3,205 per second.
    expect(rateSettled([946, 1_753, 2_579], 0.1)).toBe(false);
    expect(rateSettled([946, 1_753, 2_579, 3_205], 0.1)).toBe(false);
    expect(rateSettled([946, 1_753, 2_579, 3_205, 3_021], 0.1)).toBe(true);
    // Within the tolerance of the mean of the two before: settled; just over it: not.
    expect(rateSettled([2_000, 2_000, 2_200], 0.1)).toBe(true);
    expect(rateSettled([2_000, 2_000, 2_201], 0.1)).toBe(false);
  });
});

describe('warmUntilSettled', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });
  const request: SignedRequest = { path: '/inbox', headers: { 'content-type': 'application/activity+json' }, body: '{}' };

  async function listen(handle: (answer: () => void) => void): Promise<number> {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => handle(() => res.writeHead(202).end()));
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    return (server.address() as AddressInfo).port;
  }

  it('stops once the rate is steady, not before the minimum', async () => {
    const port = await listen((answer) => answer());
    const warm = await warmUntilSettled(port, () => request, { connections: 4, windowSeconds: 0.2, minSeconds: 0.5, maxSeconds: 3, tolerance: 0.5 });
    expect(warm.stillClimbing).toBe(false);
    expect(warm.windowRates.length).toBeGreaterThanOrEqual(3);
    expect(warm.seconds).toBeGreaterThanOrEqual(0.5);
    expect(warm.seconds).toBeLessThan(3);
  });

  it('stops at the maximum and says so when the rate keeps climbing', async () => {
    // Each answer waits less than the one before: the rate climbs the whole time.
    let delayMs = 40;
    const port = await listen((answer) => {
      setTimeout(answer, delayMs);
      delayMs *= 0.97;
    });
    const warm = await warmUntilSettled(port, () => request, { connections: 1, windowSeconds: 0.2, minSeconds: 0.2, maxSeconds: 1, tolerance: 0.05 });
    expect(warm.stillClimbing).toBe(true);
    expect(warm.seconds).toBeGreaterThanOrEqual(1);
    expect(warm.windowRates.at(-1)!).toBeGreaterThan(warm.windowRates[0]!);
  });
});
