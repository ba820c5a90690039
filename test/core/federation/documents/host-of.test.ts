import { describe, expect, it } from 'vitest';
import { hostOf } from '../../../../core/src/federation/documents/host-of.js';

/** What the URL parser says: the answer hostOf must give for every input, fast path or not. */
function parsedHost(uri: string): string | null {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return null;
  }
}

const TRICKY = [
  'https://example.org/users/alice',
  'https://example.org',
  'https://example.org?x',
  'https://example.org#x',
  'http://example.org:80/x',
  'https://example.org:443/x',
  'http://example.org:443/x',
  'https://example.org:0443/x',
  'https://example.org:8080/x',
  'https://example.org:65535/x',
  'https://example.org:65536/x',
  'https://example.org:0/x',
  'https://example.org:/x',
  'https://example.org:443x',
  'HTTPS://Example.ORG/x',
  'https://EXAMPLE.org/x',
  'https://user@example.org/x',
  'https://user:pw@example.org/x',
  'https://example.org\\evil.test/x',
  'https://exam\tple.org/x',
  'https://exam\nple.org/x',
  ' https://example.org/x',
  'https://example.org./x',
  'https://a..b/x',
  'https://a-.b/x',
  'https://-a.b/x',
  'https://127.0.0.1:8080/x',
  'https://127.1/x',
  'https://0x7f.0.0.1/x',
  'https://a.0x7f/x',
  'https://a.1/x',
  'https://4chan.org/x',
  'https://xn--nxasmq6b.example/x',
  'https://xn--invalid-.example/x',
  'https://a.xn--zz/x',
  'https://[::1]:8080/x',
  'https://ex%61mple.org/x',
  'https://exämple.org/x',
  'https://example_org.test/x',
  'https:example.org/x',
  'https:/example.org/x',
  'https:///example.org/x',
  'ftp://example.org/x',
  'acct:alice@example.org',
  'https://www.w3.org/ns/activitystreams#Public',
  'as:Public',
  '',
  'not a url',
];

describe('hostOf', () => {
  it.each(TRICKY)('answers as the URL parser does for %j', (uri) => {
    expect(hostOf(uri)).toBe(parsedHost(uri));
  });

  it('answers as the URL parser does for generated URLs (fast path and fallback alike)', () => {
    const parts = ['a', 'Z', '0', '9', '-', '.', ':', '/', '?', '#', '@', '%', '\\', 'x', 'n', '_', '443', '80', '00'];
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5_000; i++) {
      let authority = '';
      const length = 1 + Math.floor(random() * 12);
      for (let j = 0; j < length; j++) authority += parts[Math.floor(random() * parts.length)];
      const uri = `${random() < 0.5 ? 'https' : 'http'}://${authority}${random() < 0.5 ? '/path' : ''}`;
      expect(hostOf(uri), uri).toBe(parsedHost(uri));
    }
  });
});
