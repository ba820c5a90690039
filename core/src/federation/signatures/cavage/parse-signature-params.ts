/*
 * The parameter list of a draft-cavage `Signature` header (or `Authorization: Signature ...`):
 * `keyId="…",algorithm="rsa-sha256",created=1402170695,headers="…",signature="…"`, the auth-param syntax
 * of RFC 7235: name=token or name="quoted string", separated by commas.
 *
 * Hand-written because neither library parses it correctly: @misskey-dev/node-http-message-signatures
 * 0.0.10 keeps only the first character of an unquoted value (created=1402170695 becomes "1"), and
 * http-message-signatures 1.0.6 splits on every comma, so a quoted value containing one breaks.
 */

const PARAM = /[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|([^\s",]+))[ \t]*(?:,|$)/y;

/** Parameters by lower-case name; null when the text is not a well-formed parameter list. */
export function parseSignatureParams(text: string): Map<string, string> | null {
  const params = new Map<string, string>();
  PARAM.lastIndex = 0;
  while (PARAM.lastIndex < text.length) {
    const start = PARAM.lastIndex;
    const match = PARAM.exec(text);
    if (!match || PARAM.lastIndex === start) return null;
    const name = match[1]!.toLowerCase();
    if (params.has(name)) return null;
    params.set(name, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!);
  }
  return params;
}
