import { describe, expect, it } from 'vitest';
import { parseSignatureParams } from '../../../../core/src/federation/signatures/cavage/parse-signature-params.js';

describe('parseSignatureParams (the cavage Signature header)', () => {
  it('reads quoted and unquoted values whole, names case-insensitively', () => {
    expect(parseSignatureParams('keyId="Test",algorithm="rsa-sha256",created=1402170695,expires=1402170699.5,headers="(request-target) host",signature="a+b/c=="')).toEqual(
      new Map([
        ['keyid', 'Test'],
        ['algorithm', 'rsa-sha256'],
        ['created', '1402170695'],
        ['expires', '1402170699.5'],
        ['headers', '(request-target) host'],
        ['signature', 'a+b/c=='],
      ]),
    );
  });

  it('allows spaces around separators, commas and escapes inside quotes, a final unquoted value', () => {
    expect(parseSignatureParams(' keyId = "https://a.example/u#k,1" , note="say \\"hi\\"",created=12')).toEqual(
      new Map([
        ['keyid', 'https://a.example/u#k,1'],
        ['note', 'say "hi"'],
        ['created', '12'],
      ]),
    );
  });

  it.each([['keyId="a" algorithm="b"'], ['keyId="a'], ['keyId'], ['keyId="a",keyid="b"'], ['="a"']])('refuses %j', (text) => {
    expect(parseSignatureParams(text)).toBeNull();
  });
});
