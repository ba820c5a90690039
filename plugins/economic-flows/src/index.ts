/**
 * economic-flows: ValueFlows 1.0 economic events signed with Zenroom-compatible EdDSA keys, with track
 * and trace, federated between instances. See docs/plugins/economic-flows.md.
 */
import { asFunction, definePlugin, type Services } from '@commonplace/sdk';
import { migrations } from './db/migrations.js';
import { signedRequestAuthenticator, purgeNonces } from './auth/signed-requests.js';
import { seedDemo } from './seed-demo.js';
import { unpublishedLocalEvents } from './federation/nodeinfo-count.js';
import { economicEventHandler, processHandler, resourceHandler } from './federation/handlers.js';
import {
  AgentResolver,
  EconomicEventResolver,
  EconomicResourceResolver,
  KnowledgeResolver,
  ProcessResolver,
  TrackTraceResolver,
} from './graphql/resolvers.js';
import { AgreementsResolver, CommitmentFieldResolver, CommitmentResolver, IntentFieldResolver, IntentResolver } from './graphql/planning-resolvers.js';
import { PLUGIN_ID, settingsSchema, type EconomicFlowsSettings } from './settings.js';
import { ZencodePool } from './signatures/zencode-pool.js';

declare module '@commonplace/sdk' {
  interface Services {
    /** Zencode in worker threads (key creation; the agreement test and the benchmark's comparison). */
    economicFlowsZencode: ZencodePool;
  }
}

export const economicFlowsPlugin = definePlugin({
  id: PLUGIN_ID,
  version: '0.1.0',
  description: 'ValueFlows economic events, signed (Zenroom EdDSA), traced and federated between instances.',
  settings: settingsSchema,
  migrations,
  graphql: {
    names: ['Action', 'Agent', 'AgentRelationship', 'AgentRelationshipCreateParams', 'Agreement', 'AgreementCreateParams', 'Claim', 'ClaimCreateParams', 'Commitment', 'CommitmentCreateParams', 'EconomicEvent', 'EconomicEventBatchItem', 'EconomicEventConnection', 'EconomicEventCreateParams', 'EconomicEventEdge', 'EconomicEventFilterParams', 'EconomicEventResponse', 'EconomicResource', 'EconomicResourceCreateParams', 'EventSignature', 'IMeasure', 'Intent', 'IntentCreateParams', 'Measure', 'OrganizationCreateParams', 'Plan', 'PlanCreateParams', 'Process', 'ProcessCreateParams', 'ProcessSpecification', 'ProcessSpecificationCreateParams', 'Proposal', 'ProposalCreateParams', 'ResourceSpecification', 'ResourceSpecificationCreateParams', 'TrackTraceItem', 'TrackTraceStep', 'Unit', 'UnitCreateParams'], // ValueFlows' GraphQL vocabulary, which its clients rely on
    resolvers: [
      KnowledgeResolver,
      AgentResolver,
      EconomicEventResolver,
      EconomicResourceResolver,
      ProcessResolver,
      TrackTraceResolver,
      IntentResolver,
      IntentFieldResolver,
      CommitmentResolver,
      CommitmentFieldResolver,
      AgreementsResolver,
    ],
  },
  federation: { objects: [economicEventHandler, resourceHandler, processHandler] },
  services: {
    economicFlowsZencode: asFunction((cradle: Services) => {
      const { zencode } = cradle.config.plugin<EconomicFlowsSettings>(PLUGIN_ID);
      return new ZencodePool({ size: zencode.workers, timeoutMs: zencode.callTimeoutMs, idleMs: zencode.idleMs });
    })
      .singleton()
      .disposer((pool) => pool.close()),
  },
  authenticators: [signedRequestAuthenticator],
  seedDemo,
  nodeInfo: { unpublishedLocalPosts: unpublishedLocalEvents },
  jobs: {
    'purge-nonces': { handler: async (_payload, { services }) => purgeNonces(services) },
  },
  schedules: [{ job: 'purge-nonces', everyMs: 10 * 60_000 }],
});

export default economicFlowsPlugin;
export { signedRequestMessage } from './auth/signed-requests.js';
export { canonicalEvent, type SignableEvent } from './signatures/canonical-event.js';
export { signEd25519, verifyEd25519, publicKeyOfSecret } from './signatures/ed25519.js';
export { ZencodePool } from './signatures/zencode-pool.js';
export { zencodeCreateKeys, zencodeSign, zencodeVerify } from './signatures/zencode-scripts.js';
