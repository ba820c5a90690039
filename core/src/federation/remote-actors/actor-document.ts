import { createPublicKey } from 'node:crypto';
import type { ActorType } from '@commonplace/sdk/internal';
import { asArray, idOf, isJsonObject, webUrlOf, type JsonObject } from '../documents/activitypub-values.js';
import { parseActivityPubDocument } from '../documents/parse-activitypub.js';

export const ACTOR_TYPES: readonly ActorType[] = ['Person', 'Group', 'Organization', 'Service', 'Application'];

// Longer values from a remote server are cut, never refused: they only feed display.
const MAX_NAME = 500;
const MAX_SUMMARY = 10_000;
const MAX_USERNAME = 200;

/** A public key a remote actor lists, checked to be a PEM we can verify with. */
export interface RemoteKey {
  id: string;
  owner: string;
  publicKeyPem: string;
  kind: 'rsa' | 'ed25519';
}

/** What we keep of a remote actor's document. */
export interface RemoteActorFields {
  uri: string;
  type: ActorType;
  username: string;
  /** Host of the actor id, port included. */
  domain: string;
  displayName: string | null;
  summary: string | null;
  avatarUrl: string | null;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  outboxUrl: string | null;
  followersUrl: string | null;
  profileUrl: string | null;
  manuallyApprovesFollowers: boolean;
  discoverable: boolean;
  /** Every key the actor lists, each owned by the actor (a listed key with another owner refuses the actor). */
  keys: RemoteKey[];
  document: JsonObject;
}

export type ActorReading = { ok: true; actor: RemoteActorFields } | { ok: false; reason: string };

/** True when the document's type is one of the actor types. */
export function looksLikeActor(json: unknown): boolean {
  return isJsonObject(json) && asArray(json.type).some((type) => (ACTOR_TYPES as readonly unknown[]).includes(type));
}

/**
 * Reads a remote actor document. Refused: not an actor type, no id, no inbox, or a listed key whose
 * `owner` is not the actor itself (someone else's key cannot speak for it).
 */
export function readActorDocument(json: unknown): ActorReading {
  const parsed = parseActivityPubDocument(json);
  if (!parsed.ok) return parsed;
  const document = parsed.document;
  const type = document.types.find((candidate): candidate is ActorType => (ACTOR_TYPES as readonly string[]).includes(candidate));
  if (!type) return { ok: false, reason: `type ${document.types.join(', ')} is not an actor type` };
  if (!document.id) return { ok: false, reason: 'the actor has no id' };
  const id = new URL(document.id);
  if (id.protocol !== 'https:' && id.protocol !== 'http:') return { ok: false, reason: `actor id ${document.id} is not an http(s) URL` };
  const raw = document.raw as JsonObject;
  const inboxUrl = httpUrl(idOf(raw.inbox));
  if (!inboxUrl) return { ok: false, reason: `the actor ${document.id} has no inbox` };

  const keys: RemoteKey[] = [];
  for (const entry of asArray(raw.publicKey)) {
    if (!isJsonObject(entry)) continue;
    const key = readKey(entry);
    if (!key) continue;
    if (key.owner !== document.id) {
      return { ok: false, reason: `the key ${key.id} names ${key.owner} as its owner, not the actor ${document.id}` };
    }
    keys.push(key);
  }

  const endpoints = isJsonObject(raw.endpoints) ? raw.endpoints : {};
  const preferred = typeof raw.preferredUsername === 'string' ? raw.preferredUsername.trim() : '';
  const username = (preferred || lastPathSegment(id) || id.host).slice(0, MAX_USERNAME);
  return {
    ok: true,
    actor: {
      uri: document.id,
      type,
      username,
      domain: id.host.toLowerCase(),
      displayName: document.name?.slice(0, MAX_NAME) ?? null,
      summary: document.summary?.slice(0, MAX_SUMMARY) ?? null,
      avatarUrl: iconUrl(raw.icon),
      inboxUrl,
      sharedInboxUrl: httpUrl(idOf(endpoints.sharedInbox)),
      outboxUrl: httpUrl(idOf(raw.outbox)),
      followersUrl: httpUrl(idOf(raw.followers)),
      profileUrl: httpUrl(webUrlOf(raw.url)),
      manuallyApprovesFollowers: raw.manuallyApprovesFollowers === true,
      discoverable: raw.discoverable !== false,
      keys,
      document: raw,
    },
  };
}

/** A standalone key document or a `publicKey` entry: id, owner and a usable PEM, or null. */
export function readKey(entry: JsonObject): RemoteKey | null {
  const id = typeof entry.id === 'string' ? entry.id : null;
  const owner = idOf(entry.owner) ?? idOf(entry.controller);
  const pem = typeof entry.publicKeyPem === 'string' ? entry.publicKeyPem : null;
  if (!id || !owner || !pem) return null;
  try {
    const kind = createPublicKey(pem).asymmetricKeyType;
    if (kind !== 'rsa' && kind !== 'ed25519') return null;
    return { id, owner, publicKeyPem: pem, kind };
  } catch {
    return null;
  }
}

function iconUrl(value: unknown): string | null {
  const first = asArray(value)[0];
  if (typeof first === 'string') return httpUrl(first);
  if (!isJsonObject(first)) return null;
  return httpUrl(idOf(first.url) ?? idOf(first));
}

function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function lastPathSegment(url: URL): string {
  return url.pathname.split('/').filter(Boolean).at(-1) ?? '';
}
