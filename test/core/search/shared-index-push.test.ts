import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { sharedEntryKey } from '../../../core/src/search/federated/shared-index/shared-index-client.js';
import { peerSearchNotesPlugin, type PeerSearchNotesServices } from '../../fixtures/plugins/peer-search-notes/index.js';

interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Answers as a Meilisearch server does for the calls the shared index makes: every write is an
 * enqueued task, and every task asked about has succeeded. Records the writes (not the task polls).
 */
async function recordingMeilisearch() {
  const writes: Recorded[] = [];
  let nextTask = 1;
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '/';
    const task = /^\/tasks\/(\d+)/.exec(path);
    response.writeHead(task ? 200 : 202, { 'content-type': 'application/json' });
    if (task) {
      response.end(JSON.stringify({ uid: Number(task[1]), status: 'succeeded', type: 'documentAdditionOrUpdate' }));
      return;
    }
    writes.push({ method: request.method ?? 'GET', path, body: text ? JSON.parse(text) : null });
    response.end(JSON.stringify({ taskUid: nextTask++, status: 'enqueued', type: 'documentAdditionOrUpdate', enqueuedAt: new Date().toISOString() }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, writes, close: () => new Promise<void>((done) => server.close(() => done())) };
}

const INDEX = 'shared_push_test';
const TYPE = 'peer-search-notes.note';
const documentWrites = (writes: readonly Recorded[]) => writes.filter((write) => write.path.startsWith(`/indexes/${INDEX}/documents`));

describe('the shared discovery index push (search.sharedIndex.push), against a recording server', () => {
  let server: Awaited<ReturnType<typeof recordingMeilisearch>>;
  let pusher: CoreTestInstance;
  let silent: CoreTestInstance;

  beforeAll(async () => {
    server = await recordingMeilisearch();
    pusher = await createTestInstance({
      name: 'Pusher',
      plugins: [peerSearchNotesPlugin],
      settings: { publicUrl: 'https://pusher.example', search: { sharedIndex: { url: server.url, index: INDEX, push: true } } },
    });
    // Same server, push off: it may query the index but never writes to it.
    silent = await createTestInstance({
      name: 'Query only',
      plugins: [peerSearchNotesPlugin],
      settings: { publicUrl: 'https://quiet.example', search: { sharedIndex: { url: server.url, index: INDEX, query: true } } },
    });
  });
  afterAll(async () => {
    await pusher?.close();
    await silent?.close();
    await server?.close();
  });

  it('puts a written public note in the shared index, tagged with its origin, and removes it on delete', async () => {
    const author = await pusher.createUser('pia');
    const before = server.writes.length;
    const note = await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Lichen on old walls', body: 'Slow growth.', visibility: 'public' });
    // Nothing is pushed before the job runs: the write only enqueued it.
    expect(documentWrites(server.writes.slice(before))).toEqual([]);
    await pusher.drainJobs();

    const key = sharedEntryKey('pusher.example', TYPE, note.id);
    const url = `https://pusher.example/peer-search-notes/notes/${note.id}`;
    const added = documentWrites(server.writes.slice(before));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ method: 'POST', path: `/indexes/${INDEX}/documents?primaryKey=key` });
    expect(added[0]!.body).toEqual([
      expect.objectContaining({ key, id: url, url, type: TYPE, title: 'Lichen on old walls', summary: 'Slow growth.', originHost: 'pusher.example', pushedBy: 'pusher.example' }),
    ]);

    const beforeDelete = server.writes.length;
    await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.delete(note.id);
    await pusher.drainJobs();
    expect(documentWrites(server.writes.slice(beforeDelete))).toEqual([{ method: 'POST', path: `/indexes/${INDEX}/documents/delete-batch`, body: [key] }]);
  });

  it('never pushes a private note: its entry is removed instead', async () => {
    const author = await pusher.createUser('pat');
    const before = server.writes.length;
    const note = await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Lichen notebook', body: 'Mine.', visibility: 'private' });
    await pusher.drainJobs();
    const writes = documentWrites(server.writes.slice(before));
    expect(writes).toEqual([{ method: 'POST', path: `/indexes/${INDEX}/documents/delete-batch`, body: [sharedEntryKey('pusher.example', TYPE, note.id)] }]);
  });

  it('pushes nothing for a write that rolls back', async () => {
    const before = server.writes.length;
    const db = pusher.running.database.db;
    await expect(
      db.transaction().execute(async (tx) => {
        await pusher.services.search!.index(
          { id: crypto.randomUUID(), type: TYPE, audience: { kind: 'public' }, fields: { title: 'Never committed', body: '' } },
          { tx },
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await pusher.drainJobs();
    expect(documentWrites(server.writes.slice(before))).toEqual([]);
  });

  it('enqueues nothing when push is off', async () => {
    expect(silent.running.services.sharedDiscoveryIndex).toBeUndefined();
    const author = await silent.createUser('quinn');
    const before = server.writes.length;
    await silent.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Lichen, quietly', body: 'Kept at home.', visibility: 'public' });
    await silent.drainJobs();
    expect(server.writes.slice(before)).toEqual([]);
  });
});
