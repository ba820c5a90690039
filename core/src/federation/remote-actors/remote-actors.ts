import type { Kysely } from 'kysely';
import type { ActivityPubObject, Clock, InstanceSettings, Logger } from '@commonplace/sdk/internal';
import { isJsonObject } from '../documents/activitypub-values.js';
import {
  FetchLimiter,
  fetchConcurrencyFrom,
  fetchLimitsFrom,
  fetchRemote,
  RemoteFetchError,
  userAgentFor,
  type FetchedDocument,
  type FetchRemoteOptions,
} from '../fetch/index.js';
import type { RemoteDocumentKind } from '../fetch/media-types.js';
import type { KeyResolver, ResolvedKey } from '../signatures/types.js';
import { looksLikeActor, readActorDocument, readKey, type RemoteActorFields, type RemoteKey } from './actor-document.js';
import { fetchFailure, RemoteActorError } from './errors.js';
import { parseHandle, type Handle } from './handles.js';
import { DEFAULT_HOT_CACHE_SECONDS, HotActorCache } from './hot-actor-cache.js';
import { InstanceSigner, type InstanceSignerDeps } from './instance-signer.js';
import { RemoteObjectCache } from './object-cache.js';
import { SharedInFlight } from './shared-in-flight.js';
import { writeRemoteActor } from './store-actor.js';
import type { ActorRow, FederationDb, FederationExecutor } from './tables.js';
import { webFingerSelf } from './webfinger.js';

/** How long a fetched remote actor is used without fetching it again (setting federation.remoteActorCacheTtlSeconds). */
export const DEFAULT_REMOTE_ACTOR_CACHE_TTL_SECONDS = 86_400;

export interface RemoteActorsDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  /** Without a trailing slash. */
  publicUrl: string;
  log: Logger;
  clock: Clock;
  /** Local actors' private keys: the instance actor's RSA key signs our GETs. */
  keys: InstanceSignerDeps['keys'];
  /** Tests play remote servers without traffic. */
  fetchOverrides?: Pick<FetchRemoteOptions, 'resolver' | 'transport'>;
}

export interface ResolveOptions {
  /** Fetch even when the cached row is fresh. */
  refresh?: boolean;
}

/**
 * Remote actors and their keys, fetched through the SSRF guard (signed by the instance actor, so
 * authorized-fetch servers answer) and cached in core_actors / core_actor_keys.
 */
export class RemoteActors {
  private readonly db: FederationDb;
  private readonly log: Logger;
  private readonly publicHost: string;
  /** Keys and their actors as the inbox last read them (setting federation.hotCacheSeconds). */
  private readonly hot: HotActorCache;
  private readonly instanceSigner: InstanceSigner;
  private readonly objectCache = new RemoteObjectCache();
  /** Caps this process's outgoing fetches, per host and in all (federation.fetchConcurrency*). */
  private readonly fetchLimiter: FetchLimiter;
  /** Key fetches under way, by key id: requests signed with one unknown key share one fetch. */
  private readonly keyFetches = new SharedInFlight<ResolvedKey | null>();

  constructor(private readonly deps: RemoteActorsDeps) {
    this.hot = new HotActorCache(deps.settings.federation.hotCacheSeconds ?? DEFAULT_HOT_CACHE_SECONDS);
    this.db = deps.db as FederationDb;
    this.log = deps.log.child({ module: 'federation.remote-actors' });
    this.publicHost = new URL(deps.publicUrl).host.toLowerCase();
    this.fetchLimiter = new FetchLimiter(fetchConcurrencyFrom(deps.settings.federation));
    this.instanceSigner = new InstanceSigner({ db: this.db, clock: deps.clock, log: this.log, keys: deps.keys });
  }

  get cacheTtlSeconds(): number {
    const value = (this.deps.settings.federation as Record<string, unknown>).remoteActorCacheTtlSeconds;
    return typeof value === 'number' && value >= 0 ? value : DEFAULT_REMOTE_ACTOR_CACHE_TTL_SECONDS;
  }

  /** True when a URL is on this instance (never fetched, never cached as remote). */
  isLocalUrl(url: string): boolean {
    try {
      return new URL(url).host.toLowerCase() === this.publicHost;
    } catch {
      return false;
    }
  }

  /**
   * A remote actor by its id URL or its `@user@host` handle (WebFinger, then the self link). A cached
   * row fetched within the TTL is used as it is; otherwise the document is fetched and the row refreshed.
   */
  async resolveRemoteActor(uriOrHandle: string, options: ResolveOptions = {}): Promise<ActorRow> {
    const text = uriOrHandle.trim();
    if (/^https?:\/\//i.test(text)) return this.resolveByUrl(text, options);
    const handle = parseHandle(text);
    if (!handle) throw new RemoteActorError('malformed', `"${text}" is neither an actor URL nor a handle of the form @user@host`);
    return this.resolveByHandle(handle, options);
  }

  async resolveByUrl(url: string, options: ResolveOptions = {}): Promise<ActorRow> {
    let normalized: string;
    try {
      const parsed = new URL(url);
      parsed.hash = '';
      normalized = parsed.href;
    } catch {
      throw new RemoteActorError('malformed', `"${url}" is not a URL`);
    }
    if (this.isLocalUrl(normalized)) throw new RemoteActorError('local', `${normalized} is on this instance`);
    if (!options.refresh) {
      const cached = await this.byUri(normalized);
      if (cached && this.isFresh(cached)) return cached;
    }
    const fetched = await this.fetchDocument(normalized, 'activitypub');
    const reading = readActorDocument(fetched.json);
    if (!reading.ok) throw new RemoteActorError('invalid', `${normalized}: ${reading.reason}`);
    return this.store(reading.actor);
  }

  async resolveByHandle(handle: Handle, options: ResolveOptions = {}): Promise<ActorRow> {
    if (handle.host === this.publicHost) throw new RemoteActorError('local', `@${handle.username}@${handle.host} is on this instance`);
    if (!options.refresh) {
      const cached = await this.db
        .selectFrom('core_actors')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['username']), '=', handle.username.toLowerCase()))
        .where((eb) => eb(eb.fn('lower', ['domain']), '=', handle.host))
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (cached && this.isFresh(cached)) return cached;
    }
    const self = await this.webFinger(handle);
    const actor = await this.resolveByUrl(self, { refresh: true });
    if (actor.username.toLowerCase() !== handle.username.toLowerCase()) {
      throw new RemoteActorError('invalid', `WebFinger for @${handle.username}@${handle.host} points to ${self}, whose preferredUsername is ${actor.username}`);
    }
    return actor;
  }

  /**
   * The sdk's FederationPort.resolve: a remote object or actor by its IRI, fetched through the SSRF guard
   * (signed by the instance actor). An actor is cached as a remote actor (within the TTL its stored
   * document is returned); another object is cached in memory for OBJECT_CACHE_TTL_MS. Null, with a log
   * line, for a local or malformed IRI and for anything that cannot be fetched or is not a JSON object.
   */
  async resolveObject(iri: string): Promise<ActivityPubObject | null> {
    let url: string;
    try {
      const parsed = new URL(iri);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not http(s)');
      url = parsed.href;
    } catch {
      this.log.info({ iri }, 'resolve: not an http(s) URL');
      return null;
    }
    if (this.isLocalUrl(url)) {
      this.log.info({ iri }, 'resolve: a local IRI is not fetched');
      return null;
    }
    const now = this.deps.clock.now().getTime();
    const cachedObject = this.objectCache.get(url, now);
    if (cachedObject) return cachedObject;
    const cachedActor = await this.byUri(url);
    if (cachedActor && cachedActor.domain !== null && this.isFresh(cachedActor) && isJsonObject(cachedActor.document)) {
      return structuredClone(cachedActor.document) as ActivityPubObject;
    }
    try {
      const fetched = await this.fetchDocument(url, 'activitypub');
      if (!isJsonObject(fetched.json)) throw new RemoteActorError('invalid', `${url}: the document is not a JSON object`);
      const json = fetched.json as ActivityPubObject;
      if (looksLikeActor(json)) {
        await this.store(this.readOrThrow(json, url));
      } else {
        this.objectCache.set(url, json, now);
      }
      return json;
    } catch (error) {
      if (!(error instanceof RemoteActorError)) throw error;
      this.log.info({ iri, reason: error.reason }, 'resolve: not resolved');
      return null;
    }
  }

  /**
   * Refetches up to `limit` cached remote actors whose fetched_at is older than the cache TTL, oldest
   * first (the scheduled refresh). One that cannot be fetched keeps its row (a signature failure still
   * refetches its key) and its fetched_at is moved on, so failing hosts do not hold the head of every batch.
   */
  async refreshStale(limit: number): Promise<{ refreshed: number; failed: number }> {
    const now = this.deps.clock.now();
    const cutoff = new Date(now.getTime() - this.cacheTtlSeconds * 1000);
    const stale = await this.db
      .selectFrom('core_actors')
      .select(['id', 'uri'])
      .where('domain', 'is not', null)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('fetched_at', 'is', null), eb('fetched_at', '<', cutoff)]))
      .orderBy('fetched_at')
      .limit(limit)
      .execute();
    const result = { refreshed: 0, failed: 0 };
    for (const row of stale) {
      try {
        await this.resolveByUrl(row.uri, { refresh: true });
        result.refreshed += 1;
      } catch (error) {
        result.failed += 1;
        this.log.info({ actor: row.uri, reason: error instanceof Error ? error.message : String(error) }, 'scheduled refresh failed; kept the cached actor');
        await this.db.updateTable('core_actors').set({ fetched_at: now }).where('id', '=', row.id).execute();
      }
    }
    return result;
  }

  /** The cached actor with that id (live or deleted), or null. */
  async byUri(uri: string, executor: FederationExecutor = this.db): Promise<ActorRow | null> {
    return (await executor.selectFrom('core_actors').selectAll().where('uri', '=', uri).executeTakeFirst()) ?? null;
  }

  /**
   * For verifyRequest: the key from this process's hot cache, else from the database, else fetched.
   * The hot cache also holds the key's actor row, so the inbox reads the sender without a query.
   */
  readonly keyResolver: KeyResolver = async (keyId) => {
    const hot = this.hot.byKeyId(keyId);
    if (hot) return hot.key;
    const cached = await this.db
      .selectFrom('core_actor_keys as k')
      .innerJoin('core_actors as a', 'a.id', 'k.actor_id')
      .selectAll('a')
      .select('k.public_key_pem')
      .where('k.key_id', '=', keyId)
      .where('a.deleted_at', 'is', null)
      .where('a.domain', 'is not', null)
      .executeTakeFirst();
    if (!cached) return this.fetchKey(keyId);
    const { public_key_pem: publicKeyPem, ...actor } = cached;
    const key = { publicKeyPem, ownerId: actor.uri };
    this.hot.remember(keyId, key, actor as ActorRow);
    return key;
  };

  /** A live remote actor from the hot cache (filled as keys resolve), else from the database. */
  async liveByUri(uri: string): Promise<ActorRow | null> {
    const hot = this.hot.actorByUri(uri);
    if (hot) return hot;
    const row = await this.byUri(uri);
    return row && !row.deleted_at ? row : null;
  }

  /** Drops what this process remembers of an actor (it was refreshed, deleted or its key rotated). */
  forget(uri: string): void {
    this.hot.forget(uri);
  }

  /** For verifyRequest: fetch the key again, bypassing the cache (key rotation). */
  readonly refreshKey: KeyResolver = (keyId) => {
    this.hot.forgetKey(keyId);
    return this.fetchKey(keyId);
  };

  /**
   * Fetches a key by its id: usually the actor document (`…#main-key`), whose key list must hold it;
   * or a standalone key document, whose owner is then fetched and must list the key. Stores the
   * actor and key only when everything agrees; null (with a log line) otherwise. Throws the
   * RemoteActorError when it was not fetched for want of a free slot (`busy`): the key may be fine.
   * Callers asking for a key id already being fetched share that fetch.
   */
  fetchKey(keyId: string): Promise<ResolvedKey | null> {
    return this.keyFetches.run(keyId, () => this.fetchKeyNow(keyId));
  }

  private async fetchKeyNow(keyId: string): Promise<ResolvedKey | null> {
    if (this.isLocalUrl(keyId)) {
      this.log.info({ keyId }, 'key refused: a remote request claims one of our own keys');
      return null;
    }
    try {
      const fetched = await this.fetchDocument(keyId, 'activitypub');
      let actor: RemoteActorFields;
      if (looksLikeActor(fetched.json)) {
        actor = this.readOrThrow(fetched.json, fetched.url);
      } else {
        const keyDocument = isJsonObject(fetched.json) ? readKey(fetched.json) : null;
        if (!keyDocument || keyDocument.id !== keyId) throw new RemoteActorError('invalid', `${keyId} is neither an actor nor a key document`);
        if (this.isLocalUrl(keyDocument.owner)) throw new RemoteActorError('invalid', `${keyId} names a local actor as its owner`);
        const owner = await this.fetchDocument(keyDocument.owner, 'activitypub');
        actor = this.readOrThrow(owner.json, owner.url);
      }
      const key = actor.keys.find((candidate) => candidate.id === keyId);
      if (!key) throw new RemoteActorError('invalid', `the actor ${actor.uri} does not list the key ${keyId}`);
      await this.store(actor, key);
      return { publicKeyPem: key.publicKeyPem, ownerId: actor.uri, freshlyFetched: true };
    } catch (error) {
      if (error instanceof RemoteActorError && error.busy) throw error;
      const reason = error instanceof RemoteActorError || error instanceof RemoteFetchError ? error.message : String(error);
      this.log.info({ keyId, reason }, 'key not resolved');
      return null;
    }
  }

  /**
   * Fetches through the SSRF guard, signed by the instance actor, within this process's fetch caps.
   * Errors become RemoteActorError.
   */
  async fetchDocument(url: string, accept: RemoteDocumentKind): Promise<FetchedDocument> {
    try {
      const signer = await this.instanceSigner.get();
      return await this.fetchLimiter.run(url, () =>
        fetchRemote(url, {
          accept,
          limits: fetchLimitsFrom(this.deps.settings.federation),
          userAgent: userAgentFor(this.deps.publicUrl),
          now: () => this.deps.clock.now(),
          ...(signer ? { signer } : {}),
          ...this.deps.fetchOverrides,
        }),
      );
    } catch (error) {
      if (error instanceof RemoteFetchError) throw fetchFailure(error);
      throw error;
    }
  }

  /**
   * Writes (or refreshes) a remote actor and its keys from a checked document, with the executor given
   * (the inbox passes its transaction). `preferredKey` is the one to keep when the actor lists several.
   */
  async store(actor: RemoteActorFields, preferredKey?: RemoteKey, executor?: FederationExecutor): Promise<ActorRow> {
    if (actor.domain === this.publicHost) throw new RemoteActorError('local', `${actor.uri} is on this instance`);
    const write = (tx: FederationExecutor) => writeRemoteActor(tx, actor, this.deps.clock.now(), preferredKey);
    // Forgotten before and after: a reader in between may have cached the row being replaced.
    this.hot.forget(actor.uri);
    const row = executor ? await write(executor) : await this.db.transaction().execute((tx) => write(tx));
    this.hot.forget(actor.uri);
    return row;
  }

  private readOrThrow(json: unknown, url: string): RemoteActorFields {
    const reading = readActorDocument(json);
    if (!reading.ok) throw new RemoteActorError('invalid', `${url}: ${reading.reason}`);
    return reading.actor;
  }

  private isFresh(row: ActorRow): boolean {
    if (row.deleted_at || !row.fetched_at) return false;
    return this.deps.clock.now().getTime() - new Date(row.fetched_at).getTime() < this.cacheTtlSeconds * 1000;
  }

  /** WebFinger over the guard: https, and plain http too when private addresses are allowed (development). */
  private webFinger(handle: Handle): Promise<string> {
    return webFingerSelf(handle, (url, accept) => this.fetchDocument(url, accept), { allowPlainHttp: this.deps.settings.federation.allowPrivateAddresses });
  }
}
