import { isJsonObject } from '../documents/activitypub-values.js';
import type { FetchedDocument } from '../fetch/index.js';
import type { RemoteDocumentKind } from '../fetch/media-types.js';
import { RemoteActorError } from './errors.js';
import type { Handle } from './handles.js';

/**
 * The actor URL a handle's WebFinger names (its ActivityPub `self` link), fetched with `fetchDocument`
 * (the SSRF guard): over https, and plain http too when private addresses are allowed (development).
 */
export async function webFingerSelf(
  handle: Handle,
  fetchDocument: (url: string, accept: RemoteDocumentKind) => Promise<FetchedDocument>,
  options: { allowPlainHttp: boolean },
): Promise<string> {
  const resource = `acct:${handle.username}@${handle.host}`;
  const schemes = options.allowPlainHttp ? ['https', 'http'] : ['https'];
  let lastError: RemoteActorError | undefined;
  for (const scheme of schemes) {
    const url = `${scheme}://${handle.host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`;
    try {
      const fetched = await fetchDocument(url, 'webfinger');
      const self = selfLink(fetched.json);
      if (!self) throw new RemoteActorError('not-found', `WebFinger for ${resource} has no ActivityPub self link`);
      return self;
    } catch (error) {
      if (!(error instanceof RemoteActorError)) throw error;
      lastError = error;
      // Only a network failure may mean "this host speaks plain http"; anything else is the answer.
      if (error.fetchError?.failure !== 'network' && error.fetchError?.failure !== 'timeout') throw error;
    }
  }
  throw lastError ?? new RemoteActorError('unreachable', `WebFinger for ${resource} failed`);
}

function selfLink(json: unknown): string | null {
  if (!isJsonObject(json) || !Array.isArray(json.links)) return null;
  for (const link of json.links) {
    if (!isJsonObject(link) || link.rel !== 'self' || typeof link.href !== 'string') continue;
    const type = typeof link.type === 'string' ? link.type.toLowerCase() : '';
    if (type.startsWith('application/activity+json') || type.startsWith('application/ld+json')) return link.href;
  }
  return null;
}
