import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { paginate, type Connection, type KeysetOptions } from '@commonplace/sdk';
import { openTestDatabase, testDialects, type TestDatabase } from '../../helpers/databases.js';

interface ItemRow {
  id: string;
  created_at: Date;
  score: number;
}

const ROWS = 40;
const limits = { defaultPageSize: 7, maxPageSize: 50 };

/** Row i: ids in order, a timestamp shared by each four rows (ties the id must break), a score shared by each five. */
const uuidOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe.each(testDialects())('sdk paginate (%s)', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await sql`create table items (id uuid primary key, created_at timestamptz not null, score int not null)`.execute(database.db);
    await sql`create index items_newest on items (created_at desc, id desc)`.execute(database.db);
    const base = Date.parse('2026-01-01T00:00:00Z');
    await database.db
      .insertInto('items' as never)
      .values(
        Array.from({ length: ROWS }, (_, i) => ({ id: uuidOf(i), created_at: new Date(base + Math.floor(i / 4) * 60_000), score: Math.floor(i / 5) })) as never,
      )
      .execute();
  }, 60_000);
  afterAll(() => database?.destroy());

  async function walk(options: Omit<KeysetOptions<ItemRow>, 'limits' | 'after'>): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < ROWS; page++) {
      const connection: Connection<ItemRow> = await paginate(database.db.selectFrom('items' as never).selectAll() as never, { ...options, limits, after } as KeysetOptions<ItemRow>);
      seen.push(...connection.nodes.map((row) => row.id));
      if (!connection.pageInfo.hasNextPage) return seen;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it('pages newest first through ties on the sort key, every row once, in order', async () => {
    const ids = await walk({
      sortColumn: 'created_at',
      sortType: 'timestamp',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      first: 3,
      keyOf: (row) => ({ sort: row.created_at, id: row.id }),
    });
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => uuidOf(ROWS - 1 - i)));
  });

  it('pages ascending on a number column the same way', async () => {
    const ids = await walk({
      sortColumn: 'score',
      sortType: 'number',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'asc',
      first: 4,
      keyOf: (row) => ({ sort: row.score, id: row.id }),
    });
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => uuidOf(i)));
  });

  it('reads the rows after a cursor as a range of the index, not as a filter over the rows before it', async () => {
    const options = {
      limits,
      first: 10,
      sortColumn: 'created_at',
      sortType: 'timestamp',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row: ItemRow) => ({ sort: row.created_at, id: row.id }),
    };
    const first = await paginate(database.db.selectFrom('items' as never).selectAll() as never, options as KeysetOptions<ItemRow>);
    // The query paginate runs for the second page, recorded as it is sent, then explained with
    // sequential scans off (the table is small).
    let sent: CompiledQuery | undefined;
    const recording = database.db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        sent = database.db.getExecutor().compileQuery(node, queryId);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const second = await paginate(recording.selectFrom('items' as never).selectAll() as never, {
      ...options,
      after: first.pageInfo.endCursor,
    } as KeysetOptions<ItemRow>);
    expect((second.nodes as ItemRow[])[0]!.id).toBe(uuidOf(ROWS - 11));
    const plan = await database.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      const explained = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${sent!.sql}`, [...sent!.parameters]));
      return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Cond: \(ROW\(created_at, id\) < ROW\(/);
  });
});
