import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';
import { multipartBody } from './uploads/helpers.js';

describe('resources made from uploaded files', () => {
  let directory: string;
  let instance: TestInstance;
  let owner: TestUser;
  let other: TestUser;
  let collection: { id: string };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'commonplace-resource-files-'));
    instance = await createTestInstance({ plugins: [{ plugin: educationCommonsPlugin, settings: { uploads: { directory, maxBytes: 1024 * 1024 } } }] });
    owner = await instance.signUp('owner');
    other = await instance.signUp('other');
    ({ collection } = await communityWithCollection(instance, owner));
    await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: (await ok(instance, `query($id: ID!) { collection(id: $id) { communityId } }`, { id: collection.id })).collection.communityId }, other);
  });
  afterAll(async () => {
    await instance?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const upload = async (user: TestUser, data: Buffer, filename: string) => {
    const { payload, headers } = multipartBody([{ name: 'file', filename, contentType: 'application/octet-stream', data }]);
    return instance.inject({ method: 'POST', url: '/education-commons/uploads', payload, headers: { ...headers, authorization: `Bearer ${user.token}` } });
  };

  it('makes a Document resource from the viewer’s own upload, served with its sniffed type', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#36c' } }).png().toBuffer();
    const response = await upload(owner, png, 'diagram.png');
    expect(response.statusCode).toBe(201);
    const { key } = response.json() as { key: string };

    const { name: _name, url: _url, ...metadata } = LINK_RESOURCE;
    const { createResource } = await ok(
      instance,
      `mutation($input: EducationCreateResourceInput!) { createResource(input: $input) { id uri kind url mediaType } }`,
      { input: { collectionId: collection.id, name: 'Loop diagram', uploadId: key, ...metadata } },
      owner,
    );
    expect(createResource).toMatchObject({ kind: 'FILE', mediaType: 'image/png', url: `http://localhost.test/education-commons/uploads/${key}` });
    const file = await instance.inject(new URL(createResource.url).pathname);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');

    const document = await instance.inject({ url: new URL(createResource.uri).pathname, headers: { accept: 'application/activity+json' } });
    expect(document.json()).toMatchObject({
      type: 'Document',
      url: { type: 'Link', href: createResource.url, mediaType: 'image/png' },
      attachment: [{ type: 'Document', url: createResource.url, mediaType: 'image/png' }],
    });
  });

  it('refuses someone else’s upload, an unknown key, both url and file, and neither', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    const { key } = (await upload(owner, png, 'mine.png')).json() as { key: string };
    const { name: _name, url: _url, ...metadata } = LINK_RESOURCE;
    const input = { collectionId: collection.id, name: 'Borrowed', ...metadata };
    expect(await fails(instance, CREATE_RESOURCE, { input: { ...input, uploadId: key } }, other)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    expect(await fails(instance, CREATE_RESOURCE, { input: { ...input, uploadId: 'f'.repeat(32) } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    expect(await fails(instance, CREATE_RESOURCE, { input: { ...input, uploadId: key, url: LINK_RESOURCE.url } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await fails(instance, CREATE_RESOURCE, { input }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
  });

  it('refuses an upload over the limit (413) and a refused type (415), anonymous uploads (401)', async () => {
    expect((await upload(owner, Buffer.alloc(1024 * 1024 + 10, 1), 'big.bin')).statusCode).toBe(413);
    expect((await upload(owner, Buffer.from('MZ\x90\x00 this looks like a Windows executable'), 'tool.exe')).statusCode).toBe(415);
    const { payload, headers } = multipartBody([{ name: 'file', filename: 'a.txt', data: 'hello' }]);
    expect((await instance.inject({ method: 'POST', url: '/education-commons/uploads', payload, headers })).statusCode).toBe(401);
  });
});
