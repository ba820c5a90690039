import { readFileSync } from 'node:fs';
import type { Clock } from '@commonplace/sdk';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { countLocalPosts, countUsers } from './usage-counts.js';

export const NODEINFO_VERSIONS = ['2.0', '2.1'] as const;
export type NodeInfoVersion = (typeof NODEINFO_VERSIONS)[number];

const SOFTWARE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Adds to NodeInfo's `metadata`; the core's own keys (nodeName, nodeDescription, plugins) win. */
export type NodeInfoMetadataContributor = () => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface NodeInfoDeps {
  db: Kysely<any>;
  clock: Clock;
  publicUrl: string;
  signUp: 'open' | 'invite-only' | 'closed';
  nodeName: string;
  nodeDescription: string;
  plugins: ReadonlyArray<{ id: string; version?: string }>;
  metadata: readonly NodeInfoMetadataContributor[];
  /** Local posts; by default the objects our actors created through core's outbox and have not deleted. */
  countLocalPosts?: () => Promise<number>;
  /** How long the usage counts are reused (federation.nodeInfoCacheSeconds); 0 counts every time. */
  usageCacheSeconds?: number;
}

interface Usage {
  users: Awaited<ReturnType<typeof countUsers>>;
  localPosts: number;
}

/**
 * The usage counts, counted at most once per `seconds` by the deps' clock; requests that arrive while a
 * count is under way share it. A failed count is not kept.
 */
function cachedUsage(deps: NodeInfoDeps): () => Promise<Usage> {
  const seconds = deps.usageCacheSeconds ?? 0;
  let cached: { at: number; usage: Promise<Usage> } | undefined;
  const count = async (): Promise<Usage> => {
    const [users, localPosts] = await Promise.all([countUsers(deps.db, deps.clock), deps.countLocalPosts ? deps.countLocalPosts() : countLocalPosts(deps.db)]);
    return { users, localPosts };
  };
  return () => {
    const now = deps.clock.now().getTime();
    if (cached && now - cached.at < seconds * 1000) return cached.usage;
    const usage = count();
    const entry = { at: now, usage };
    cached = entry;
    usage.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return usage;
  };
}

function schemaUrl(version: NodeInfoVersion): string {
  return `http://nodeinfo.diaspora.software/ns/schema/${version}`;
}

export async function renderNodeInfo(version: NodeInfoVersion, deps: NodeInfoDeps, usageOf: () => Promise<Usage>): Promise<Record<string, unknown>> {
  const [{ users, localPosts }, contributed] = await Promise.all([usageOf(), Promise.all(deps.metadata.map((contribute) => contribute()))]);
  return {
    version,
    software: {
      name: 'commonplace',
      version: SOFTWARE_VERSION,
      // 2.1 lets the software say where it comes from.
      ...(version === '2.1' ? { homepage: deps.publicUrl } : {}),
    },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: [] },
    openRegistrations: deps.signUp === 'open',
    usage: { users, localPosts },
    metadata: {
      ...Object.assign({}, ...contributed),
      nodeName: deps.nodeName,
      nodeDescription: deps.nodeDescription,
      plugins: deps.plugins.map((plugin) => ({ id: plugin.id, ...(plugin.version ? { version: plugin.version } : {}) })),
    },
  };
}

/** /.well-known/nodeinfo lists both schema versions; /nodeinfo/2.0 and /nodeinfo/2.1 serve them. */
export async function nodeInfoRoutes(app: FastifyInstance, deps: NodeInfoDeps): Promise<void> {
  const usage = cachedUsage(deps);
  app.get('/.well-known/nodeinfo', async (_request, reply) =>
    reply.header('access-control-allow-origin', '*').send({
      links: NODEINFO_VERSIONS.map((version) => ({ rel: schemaUrl(version), href: `${deps.publicUrl}/nodeinfo/${version}` })),
    }),
  );
  for (const version of NODEINFO_VERSIONS) {
    app.get(`/nodeinfo/${version}`, async (_request, reply) =>
      reply
        .header('access-control-allow-origin', '*')
        .type(`application/json; profile="${schemaUrl(version)}#"; charset=utf-8`)
        .send(JSON.stringify(await renderNodeInfo(version, deps, usage))),
    );
  }
}
