import type { ActivityPubObject, InstanceSettings, Logger } from '@commonplace/sdk/internal';
import { asArray, audienceOf, textOf, webUrlOf } from '../../federation/documents/activitypub-values.js';
import { PUBLIC_COLLECTION } from '../../federation/jsonld/activitystreams-context.js';
import { looksLikeActor, parseHandle, type ActorRow, type RemoteActors } from '../../federation/remote-actors/index.js';
import { untilAborted } from '../../federation/fetch/request-guards.js';
import type { ExternalHit, RemoteLookup } from '../external-source.js';
import type { DiscoveryHosts } from './discovery-hosts.js';

const MAX_TITLE = 300;
const MAX_SUMMARY = 500;

/** What a query names when it is a look-up: a handle or a URL. */
export type LookupTarget = { kind: 'handle'; text: string; host: string } | { kind: 'url'; url: string; host: string };

/**
 * `@user@host` (also `user@host`, `acct:user@host`) is a handle; an https URL (http too where private
 * addresses are allowed, for tests and local development) is an object or actor. Anything else is a
 * search, not a look-up.
 */
export function lookupTargetOf(text: string, options: { allowHttp: boolean }): LookupTarget | null {
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const handle = parseHandle(trimmed);
    return handle ? { kind: 'handle', text: `@${handle.username}@${handle.host}`, host: handle.host } : null;
  }
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) return null;
    url.hash = '';
    return { kind: 'url', url: url.href, host: url.host.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * Resolves a handle or URL query through the federation core (WebFinger, signed fetches through the
 * SSRF guard, the remote actor cache) into one result. Local names are left to the local index; a
 * blocked host is never asked; an object that is not addressed to the public is not shown. Failures
 * are logged and give no result: a look-up never fails a search.
 */
export class FederationRemoteLookup implements RemoteLookup {
  constructor(
    private readonly deps: {
      remoteActors: () => RemoteActors;
      hosts: DiscoveryHosts;
      settings: InstanceSettings;
      log: Logger;
    },
  ) {}

  async lookup(text: string, signal: AbortSignal): Promise<ExternalHit | null> {
    const target = lookupTargetOf(text, { allowHttp: this.deps.settings.federation.allowPrivateAddresses });
    if (!target) return null;
    const remoteActors = this.deps.remoteActors();
    try {
      if (target.kind === 'url' ? remoteActors.isLocalUrl(target.url) : this.isLocalHost(remoteActors, target.host)) return null;
      if (await this.deps.hosts.isHidden(target.host)) return null;
      if (target.kind === 'handle') return actorHit(await untilAborted(remoteActors.resolveRemoteActor(target.text), signal));
      const object = await untilAborted(remoteActors.resolveObject(target.url), signal);
      if (!object) return null;
      if (looksLikeActor(object)) return actorHit(await untilAborted(remoteActors.resolveByUrl(String(object.id ?? target.url)), signal));
      const hit = objectHit(object, target.url);
      // A redirect may have led elsewhere: the host that served the object is checked too.
      return hit && !(await this.deps.hosts.isHidden(hit.originHost)) ? hit : null;
    } catch (error) {
      this.deps.log.info({ query: text, reason: error instanceof Error ? error.message : String(error) }, 'remote look-up: not resolved');
      return null;
    }
  }

  private isLocalHost(remoteActors: RemoteActors, host: string): boolean {
    return remoteActors.isLocalUrl(`https://${host}/`) || remoteActors.isLocalUrl(`http://${host}/`);
  }
}

function actorHit(actor: ActorRow): ExternalHit {
  const host = actor.domain ?? new URL(actor.uri).host;
  return {
    id: actor.uri,
    type: actor.type,
    title: (actor.display_name?.trim() || `@${actor.username}@${host}`).slice(0, MAX_TITLE),
    summary: actor.summary ? plainText(actor.summary).slice(0, MAX_SUMMARY) : null,
    url: actor.profile_url ?? actor.uri,
    originHost: host.toLowerCase(),
    // An exact look-up is the answer the person typed: it ranks above every text match.
    score: 1,
  };
}

function objectHit(object: ActivityPubObject, requested: string): ExternalHit | null {
  const id = typeof object.id === 'string' ? object.id : requested;
  const addressed = [...audienceOf(object.to), ...audienceOf(object.cc), ...audienceOf(object.audience)];
  if (!addressed.includes(PUBLIC_COLLECTION)) return null;
  const name = textOf(object, 'name');
  const summary = textOf(object, 'summary');
  const content = textOf(object, 'content');
  const title = (name ?? plainText(summary ?? content ?? '').slice(0, 80)).trim() || id;
  const type = asArray(object.type).find((value): value is string => typeof value === 'string') ?? 'Object';
  return {
    id,
    type,
    title: title.slice(0, MAX_TITLE),
    summary: name ? plainText(summary ?? content ?? '').slice(0, MAX_SUMMARY) || null : null,
    url: webUrlOf(object.url) ?? id,
    originHost: new URL(id).host.toLowerCase(),
    score: 1,
  };
}

/** Remote HTML (summaries, content) as text: tags dropped, entities for the few common characters read. */
function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' })[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

