/**
 * economic-flows: ValueFlows 1.0 economic events signed with Zenroom-compatible EdDSA keys, with track
 * and trace, federated between instances. See docs/plugins/economic-flows.md.
 */
import { asClass, asFunction, definePlugin } from '@commonplace/sdk';
import { EconomicFlowsService, EVENT_RECORDED_JOB } from './api/economic-flows-service.js';
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
import { AgentInventoryResolver, FlowsDirectoryResolver, ProcessOriginResolver, ResourceEventsResolver } from './graphql/web-resolvers.js';
import type { EconomicFlowsServices } from './services.js';
import { economicFlowsWeb } from './web/index.js';
import { PLUGIN_ID, settingsSchema } from './settings.js';
import { ZencodePool } from './signatures/zencode-pool.js';

export const economicFlowsPlugin = definePlugin<EconomicFlowsServices>({
  id: PLUGIN_ID,
  version: '0.1.0',
  description: 'ValueFlows economic events, signed (Zenroom EdDSA), traced and federated between instances.',
  settings: settingsSchema,
  migrations,
  graphql: {
    names: ['Action', 'Agent', 'AgentMembership', 'AgentRelationship', 'AgentRelationshipCreateParams', 'Agreement', 'AgreementCreateParams', 'Claim', 'ClaimCreateParams', 'Commitment', 'CommitmentCreateParams', 'EconomicEvent', 'EconomicEventBatchItem', 'EconomicEventConnection', 'EconomicEventCreateParams', 'EconomicEventEdge', 'EconomicEventFilterParams', 'EconomicEventResponse', 'EconomicResource', 'EconomicResourceCreateParams', 'EventSignature', 'IMeasure', 'Intent', 'IntentCreateParams', 'Measure', 'OrganizationCreateParams', 'Plan', 'PlanCreateParams', 'Process', 'ProcessCreateParams', 'ProcessSpecification', 'ProcessSpecificationCreateParams', 'Proposal', 'ProposalCreateParams', 'ResourceSpecification', 'ResourceSpecificationCreateParams', 'TrackTraceItem', 'TrackTraceStep', 'Unit', 'UnitCreateParams'], // ValueFlows' GraphQL vocabulary, which its clients rely on
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
      FlowsDirectoryResolver,
      AgentInventoryResolver,
      ResourceEventsResolver,
      ProcessOriginResolver,
    ],
  },
  federation: { objects: [economicEventHandler, resourceHandler, processHandler] },
  services: {
    economicFlowsZencode: asFunction((services: EconomicFlowsServices) => {
      const { zencode } = services.config.settings;
      return new ZencodePool({ size: zencode.workers, timeoutMs: zencode.callTimeoutMs, idleMs: zencode.idleMs });
    })
      .singleton()
      // The kernel disposes the container when the instance closes: the pool's worker threads stop then.
      .disposer((pool) => pool.close()),
    economicFlows: asClass(EconomicFlowsService).singleton(),
  },
  exports: ['economicFlows'],
  authenticators: [signedRequestAuthenticator],
  seedDemo,
  web: economicFlowsWeb,
  nodeInfo: { unpublishedLocalPosts: unpublishedLocalEvents },
  jobs: {
    'purge-nonces': { handler: async (_payload, { services }) => purgeNonces(services) },
    [EVENT_RECORDED_JOB]: {
      handler: async (payload: { eventIds: string[] }, { services }) => services.economicFlows.recordedById(payload.eventIds),
    },
  },
  schedules: [{ job: 'purge-nonces', everyMs: 10 * 60_000 }],
});

export default economicFlowsPlugin;
export type { EconomicFlowsApi, EconomicFlowsExports, EventRecordedListener } from './api/economic-flows-api.js';
export type { EventInput, NewResourceInput } from './services/event-input.js';
export type { IntentInput, ProposalInput } from './services/planning.js';
export type { RecordedEvent } from './services/recorded-event.js';
export type { AgentRow, EventRow, IntentRow, ProposalRow, ResourceRow } from './db/tables.js';
/** The GraphQL types a dependent may extend with field resolvers (`@Resolver(() => Proposal)`). */
export { Agent, Commitment, EconomicEvent, EconomicResource, Intent, Proposal } from './graphql/types.js';
export { signedRequestMessage } from './auth/signed-requests.js';
export { canonicalEvent, type SignableEvent } from './signatures/canonical-event.js';
export { signEd25519, verifyEd25519, publicKeyOfSecret } from './signatures/ed25519.js';
export { ZencodePool } from './signatures/zencode-pool.js';
export { zencodeCreateKeys, zencodeSign, zencodeVerify } from './signatures/zencode-scripts.js';
