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
}

function schemaUrl(version: NodeInfoVersion): string {
  return `http://nodeinfo.diaspora.software/ns/schema/${version}`;
}

export async function renderNodeInfo(version: NodeInfoVersion, deps: NodeInfoDeps): Promise<Record<string, unknown>> {
  const [users, localPosts, contributed] = await Promise.all([
    countUsers(deps.db, deps.clock),
    deps.countLocalPosts ? deps.countLocalPosts() : countLocalPosts(deps.db),
    Promise.all(deps.metadata.map((contribute) => contribute())),
  ]);
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
        .send(JSON.stringify(await renderNodeInfo(version, deps))),
    );
  }
}
