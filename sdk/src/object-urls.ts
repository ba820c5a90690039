/**
 * The URLs a plugin writes into its ActivityPub objects: their ids (built from the instance's public
 * URL and the handler's `dispatch.path`, and read back), the public address, a local actor's followers.
 */

/** The ActivityStreams public address: in `to` for a public object, in `cc` only for an unlisted one. */
export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/**
 * The followers collection of a LOCAL actor, from its id (`ActorRecord.uri`, a row's owner URI): what
 * a followers-only object names in `to`, a public one in `cc`. A remote actor's is in its document.
 */
export function followersUriOf(localActorUri: string): string {
  return `${localActorUri}/followers`;
}

/**
 * The id of one of the plugin's objects: `publicUrl` (`services.config.publicUrl`) and the handler's
 * `dispatch.path` with `:id` replaced by the id, percent-encoded:
 * `objectUrl(config.publicUrl, '/links/:id', id)` is `https://example.org/links/<id>`.
 */
export function objectUrl(publicUrl: string, path: string, id: string): string {
  const { before, after } = patternParts(path);
  return `${withoutTrailingSlash(publicUrl)}${before}${encodeURIComponent(id)}${after}`;
}

/**
 * The id in one of the plugin's object URLs, as `objectUrl` built it; null for any other URL (another
 * instance's, another path's, a query or fragment added). An activity naming a bare URL goes through
 * this before the id reaches a query (then `isUuid` when ids are UUIDs).
 */
export function idFromObjectUrl(publicUrl: string, path: string, url: string): string | null {
  const { before, after } = patternParts(path);
  const prefix = `${withoutTrailingSlash(publicUrl)}${before}`;
  if (url.length <= prefix.length + after.length || !url.startsWith(prefix) || !url.endsWith(after)) return null;
  const encoded = url.slice(prefix.length, url.length - after.length);
  // A segment of its own, as the route matches it: an encoded id has no `/`, `?` or `#`.
  if (/[/?#]/.test(encoded)) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null; // a malformed escape: not a URL objectUrl made
  }
}

/** The path before and after its one `:id`; a path without exactly one is a mistake in the plugin. */
function patternParts(path: string): { before: string; after: string } {
  const matches = [...path.matchAll(/:id(?![A-Za-z0-9_])/g)];
  if (!path.startsWith('/') || matches.length !== 1) throw new Error(`an object path is "/…/:id…" with one ":id" (got "${path}")`);
  const index = matches[0]!.index;
  return { before: path.slice(0, index), after: path.slice(index + ':id'.length) };
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
