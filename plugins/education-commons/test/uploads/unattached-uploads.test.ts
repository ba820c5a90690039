import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, ManualClock, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from '../helpers.js';
import { listFiles, multipartBody } from './helpers.js';

const HOUR = 3_600_000;

describe('uploads no live resource uses', () => {
  let directory: string;
  let instance: TestInstance;
  let owner: TestUser;
  let collection: { id: string };
  // Uploads are stamped by the storage with the real time: the test clock starts there.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'commonplace-unattached-uploads-'));
    instance = await createTestInstance({
      clock,
      plugins: [{ plugin: educationCommonsPlugin, settings: { uploads: { directory, unattachedRetentionHours: 24 } } }],
    });
    owner = await instance.signUp('owner');
    ({ collection } = await communityWithCollection(instance, owner));
  });
  afterAll(async () => {
    await instance?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const upload = async (filename: string) => {
    const { payload, headers } = multipartBody([{ name: 'file', filename, data: `notes for ${filename}\n` }]);
    const response = await instance.inject({ method: 'POST', url: '/education-commons/uploads', payload, headers: { ...headers, authorization: `Bearer ${owner.token}` } });
    expect(response.statusCode).toBe(201);
    return (response.json() as { key: string }).key;
  };
  const resourceFrom = async (key: string, name: string) => {
    const { name: _name, url: _url, ...metadata } = LINK_RESOURCE;
    const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, name, uploadId: key, ...metadata } }, owner);
    return createResource as { id: string };
  };
  const served = async (key: string) => (await instance.inject(`/education-commons/uploads/${key}`)).statusCode;
  const purge = async () => {
    await instance.services.jobs.enqueue('education-commons.purge-unattached-uploads', {});
    await instance.drainJobs();
  };

  it('removes them, files and rows, once older than the retention; keeps the files resources use', async () => {
    const abandoned = await upload('abandoned.txt');
    const used = await upload('used.txt');
    const ofDeleted = await upload('of-deleted.txt');
    await resourceFrom(used, 'Kept notes');
    const deleted = await resourceFrom(ofDeleted, 'Deleted notes');
    await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { id } }`, { id: deleted.id }, owner);
    const filesBefore = await listFiles(directory);

    clock.advance(23 * HOUR);
    await purge();
    expect(await listFiles(directory)).toEqual(filesBefore);
    expect(await served(abandoned)).toBe(200);

    clock.advance(2 * HOUR);
    await purge();
    expect(await served(abandoned)).toBe(404);
    expect(await served(ofDeleted)).toBe(404);
    expect(await served(used)).toBe(200);
    // Each upload is its file and the file's metadata: two of three uploads went.
    expect((await listFiles(directory)).length).toBe(filesBefore.length / 3);

    // A purged upload can no longer become a resource: a clear error, not a resource without its file.
    const { name: _name, url: _url, ...metadata } = LINK_RESOURCE;
    expect(await fails(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, name: 'Late', uploadId: abandoned, ...metadata } }, owner)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'uploadId',
    });
  });
});
