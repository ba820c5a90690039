import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../core/src/database/connect.js';

describe('PGlite queries and the event loop', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await connectDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => database.close());

  it('lets Node read its sockets while queries keep coming (a new connection is not kept waiting until the queue drains)', async () => {
    const chains = 10;
    const perChain = 100;
    let done = 0;
    let doneWhenTheLoopTurned: number | null = null;
    setImmediate(() => (doneWhenTheLoopTurned = done));
    await Promise.all(
      Array.from({ length: chains }, async () => {
        for (let i = 0; i < perChain; i++) {
          await sql`select ${i}::int as n`.execute(database.db);
          done++;
        }
      }),
    );
    expect(doneWhenTheLoopTurned).not.toBeNull();
    expect(doneWhenTheLoopTurned!).toBeLessThan(chains * perChain);
  });
});
