import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AS_PUBLIC, followersUriOf, idFromObjectUrl, objectUrl } from '@commonplace/sdk';
import { freePort, waitFor, type TestInstance } from '@commonplace/sdk/testing';

describe('object id URLs', () => {
  const publicUrl = 'https://example.org';

  it('builds an id from the public URL and a dispatch path, and reads it back', () => {
    const id = '0b7c4a52-1f0e-4f7e-9d3a-3a1f6c2b9e10';
    expect(objectUrl(publicUrl, '/links/:id', id)).toBe(`https://example.org/links/${id}`);
    expect(objectUrl(`${publicUrl}/`, '/links/:id', id)).toBe(`https://example.org/links/${id}`);
    expect(idFromObjectUrl(publicUrl, '/links/:id', `https://example.org/links/${id}`)).toBe(id);
    expect(objectUrl(publicUrl, '/things/:id/page', 'a b/c')).toBe('https://example.org/things/a%20b%2Fc/page');
    expect(idFromObjectUrl(publicUrl, '/things/:id/page', 'https://example.org/things/a%20b%2Fc/page')).toBe('a b/c');
  });

  it('answers null for a URL it did not build', () => {
    const read = (url: string) => idFromObjectUrl(publicUrl, '/links/:id', url);
    expect(read('https://other.example/links/1')).toBeNull();
    expect(read('https://example.org/pages/1')).toBeNull();
    expect(read('https://example.org/links/')).toBeNull();
    expect(read('https://example.org/links/1/replies')).toBeNull();
    expect(read('https://example.org/links/1?x=2')).toBeNull();
    expect(read('https://example.org/links/1#frag')).toBeNull();
    expect(read('https://example.org/links/%E0%A4%A')).toBeNull();
    expect(read('https://example.org.evil/links/1')).toBeNull();
  });

  it('refuses a path without exactly one :id', () => {
    expect(() => objectUrl(publicUrl, '/links/:uuid', '1')).toThrow(/one ":id"/);
    expect(() => objectUrl(publicUrl, '/a/:id/b/:id', '1')).toThrow(/one ":id"/);
    expect(() => objectUrl(publicUrl, 'links/:id', '1')).toThrow(/one ":id"/);
  });

  it('names the public address and a local actor’s followers', () => {
    expect(AS_PUBLIC).toBe('https://www.w3.org/ns/activitystreams#Public');
    expect(followersUriOf('https://example.org/actors/alice')).toBe('https://example.org/actors/alice/followers');
  });
});

describe('network helpers of the harness', () => {
  it('finds a port nothing listens on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('waits for a truthy answer, running the instances’ jobs before each try', async () => {
    let drained = 0;
    const instance = { drainJobs: async () => void (drained += 1) } as unknown as TestInstance;
    let tries = 0;
    const value = await waitFor(() => (++tries >= 3 ? { found: tries } : null), { instances: [instance], intervalMs: 1 });
    expect(value).toEqual({ found: 3 });
    expect(drained).toBe(3);
  });

  it('asks again after a throw, and fails at the timeout with the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not there yet');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/condition not met in 30 ms: not there yet/);
  });
});
