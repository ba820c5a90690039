import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { searchNotesPlugin } from '../../fixtures/plugins/search-notes/index.js';

const SEARCH = `query($query: String!) { search(query: $query) { totalEstimate } }`;
const WRITE = `mutation($title: String!, $body: String!) { writeSearchNote(title: $title, body: $body) { id } }`;

/** A local port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('search at boot and in /readyz', () => {
  describe('with the backend up (PostgreSQL full text)', () => {
    let instance: CoreTestInstance;
    beforeAll(async () => {
      instance = await createTestInstance({ plugins: [searchNotesPlugin], jobs: false });
    });
    afterAll(() => instance?.close());

    it('prepares the backend at boot, before any query or write', async () => {
      // prepare() gives each declared type its generation row; lazily, it would appear on the first query.
      const rows = await instance.running.database.db.selectFrom('core_search_generations').select(['type', 'live']).execute();
      expect(rows).toEqual([{ type: 'search-notes.note', live: expect.anything() }]);
    });

    it('reports search as ok', async () => {
      const response = await instance.inject('/readyz');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok' }, search: 'ok' });
    });
  });

  describe('with the backend down (a Meilisearch server that refuses connections)', () => {
    let instance: CoreTestInstance;
    beforeAll(async () => {
      const port = await closedPort();
      instance = await createTestInstance({
        plugins: [searchNotesPlugin],
        jobs: false,
        settings: { search: { backend: 'meilisearch', meilisearch: { url: `http://127.0.0.1:${port}`, requestTimeoutMs: 500 } } },
      });
    });
    afterAll(() => instance?.close());

    it('still boots, stays ready and reports search as unavailable', async () => {
      expect(instance.running.services.searchBackend.name).toBe('meilisearch');
      const response = await instance.inject('/readyz');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok' }, search: 'unavailable' });
    });

    it('answers searches with SERVICE_UNAVAILABLE while writes succeed', async () => {
      const user = await instance.signUp('wren');
      const written = await instance.graphql(WRITE, { title: 'Hedgerows', body: 'Still written.' }, { as: user });
      expect(written.errors).toBeUndefined();
      const searched = await instance.graphql(SEARCH, { query: 'hedgerows' });
      expect(searched.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    });
  });
});
