import { readFileSync } from 'node:fs';

/**
 * The JSON-LD contexts we know, bundled with the code: the server never fetches a context over the
 * network (a fetch per document would be slow, and lets a remote server steer our parsing).
 */
const CONTEXT_FILES: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/activitystreams': 'activitystreams.jsonld',
  'https://w3id.org/security/v1': 'security-v1.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'security-data-integrity-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'security-data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'security-multikey-v1.jsonld',
  'https://w3id.org/identity/v1': 'identity-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
  'https://gotosocial.org/ns': 'gotosocial-ns.jsonld',
  'https://join-lemmy.org/context.json': 'join-lemmy-context.jsonld',
  'http://joinmastodon.org/ns': 'joinmastodon-ns-synthesized.jsonld',
  'https://purl.archive.org/miscellany': 'swicg-miscellany.jsonld',
  'https://w3id.org/fep/5711': 'fep-5711.jsonld',
  'https://purl.archive.org/socialweb/webfinger': 'webfinger-purl.jsonld',
};

/** Pleroma, Akkoma and Rebased each serve litepub from their own host; one bundled copy answers for all. */
const LITEPUB_PATH = /^https?:\/\/[^/]+\/schemas\/litepub-0\.1\.jsonld$/;
const LITEPUB_FILE = 'litepub-0.1.rebased.jsonld';

const CONTEXTS_DIRECTORY = new URL('./contexts/', import.meta.url);
const loaded = new Map<string, unknown>();

/** URLs that name the same context: http and https, a trailing slash or `#`, `.jsonld` on the AS namespace. */
function canonicalContextUrl(url: string): string {
  let canonical = url.trim().replace(/[#/]+$/, '');
  if (canonical === 'https://www.w3.org/ns/activitystreams.jsonld' || canonical === 'http://www.w3.org/ns/activitystreams') {
    canonical = 'https://www.w3.org/ns/activitystreams';
  }
  if (canonical === 'https://joinmastodon.org/ns') canonical = 'http://joinmastodon.org/ns';
  if (canonical === 'http://w3id.org/security/v1') canonical = 'https://w3id.org/security/v1';
  return canonical;
}

function fileFor(url: string): string | undefined {
  const canonical = canonicalContextUrl(url);
  return CONTEXT_FILES[canonical] ?? (LITEPUB_PATH.test(canonical) ? LITEPUB_FILE : undefined);
}

/**
 * The bundled context document (the whole `{ "@context": ... }` object) for a context URL, or null
 * when we do not bundle it. Parsed once, then shared: callers must not mutate it.
 */
export function bundledContext(url: string): unknown | null {
  const file = fileFor(url);
  if (!file) return null;
  let document = loaded.get(file);
  if (document === undefined) {
    document = JSON.parse(readFileSync(new URL(file, CONTEXTS_DIRECTORY), 'utf8')) as unknown;
    loaded.set(file, document);
  }
  return document;
}

/** The URLs (besides any host's litepub path) that `bundledContext` answers. */
export const BUNDLED_CONTEXT_URLS: readonly string[] = Object.keys(CONTEXT_FILES);

export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

/**
 * A `documentLoader` in the shape JSON-LD processors (jsonld.js and others) call: bundled contexts
 * only. An unknown context is refused with its URL rather than fetched.
 */
export async function bundledDocumentLoader(url: string): Promise<RemoteDocument> {
  const document = bundledContext(url);
  if (document === null) throw new Error(`JSON-LD context ${url} is not bundled; contexts are never fetched over the network`);
  return { contextUrl: null, documentUrl: url, document };
}
