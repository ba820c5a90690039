import { createUnionType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import type { ActionDefinition } from '../actions/table.js';
import type { AgentRow, EventRow, IntentRow, ProcessRow, ResourceRow, SpecificationRow, UnitRow } from '../db/tables.js';

/**
 * GraphQL types named as ValueFlows (and vf-graphql) name them, so ValueFlows clients recognise them.
 * Objects keep their row (`row`) for the field resolvers that follow links.
 */
@ObjectType('Unit', { description: 'A unit of measure (OM 2 identifiers for the standard ones).' })
export class Unit {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String) symbol!: string;
  @Field(() => String, { nullable: true }) omUnitIdentifier!: string | null;
  @Field(() => String, { description: 'mass, volume, length, area, time, count...' }) dimension!: string;

  static of(row: UnitRow): Unit {
    return Object.assign(new Unit(), { id: row.id, label: row.label, symbol: row.symbol, omUnitIdentifier: row.om_unit_identifier, dimension: row.dimension });
  }
}

@ObjectType('Measure')
export class Measure {
  @Field(() => Float) hasNumericalValue!: number;
  @Field(() => Unit) hasUnit!: Unit;
}

@InputType('IMeasure')
export class MeasureInput {
  @Field(() => Float) hasNumericalValue!: number;
  @Field(() => ID, { nullable: true, description: 'Required; nullable so that a missing unit is answered with the reason.' }) hasUnit!: string;
}

@ObjectType('Action', { description: 'A ValueFlows action and its effects, as the ontology’s table gives them.' })
export class Action {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) inputOutput!: string | null;
  @Field(() => String, { nullable: true }) pairsWith!: string | null;
  @Field(() => String, { nullable: true }) createResource!: string | null;
  @Field(() => String) eventQuantity!: string;
  @Field(() => String, { nullable: true }) accountingEffect!: string | null;
  @Field(() => String, { nullable: true }) onhandEffect!: string | null;
  @Field(() => String, { nullable: true }) locationEffect!: string | null;
  @Field(() => String, { nullable: true }) containedEffect!: string | null;
  @Field(() => String, { nullable: true }) accountableEffect!: string | null;
  @Field(() => String, { nullable: true }) stageEffect!: string | null;
  @Field(() => String, { nullable: true }) stateEffect!: string | null;

  static of(action: ActionDefinition): Action {
    const { comment: _comment, termStatus: _status, ...rest } = action;
    return Object.assign(new Action(), rest);
  }
}

@ObjectType('Agent', { description: 'A person or an organisation; backed by a Commonplace actor (local or federated).' })
export class Agent {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The ActivityPub id of the actor behind the agent.' }) uri!: string;
  @Field(() => String, { description: 'Person or Organization.' }) agentType!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: 'False for agents of other instances.' }) local!: boolean;
  @Field(() => String, { nullable: true, description: 'Base58 EdDSA public key (Zenroom) its events are signed with.' }) eddsaPublicKey!: string | null;
  @Field(() => Boolean, { description: 'True when this instance holds the key and signs for the organisation.' }) serverHeldKey!: boolean;

  static of(row: AgentRow): Agent {
    return Object.assign(new Agent(), {
      id: row.id,
      uri: row.uri,
      agentType: row.agent_type,
      name: row.name,
      local: row.origin === null,
      eddsaPublicKey: row.eddsa_public_key,
      serverHeldKey: row.server_eddsa_secret_key !== null,
    });
  }
}

@ObjectType('AgentRelationship')
export class AgentRelationship {
  @Field(() => ID) id!: string;
  @Field(() => Agent) subject!: Agent;
  @Field(() => Agent) object!: Agent;
  @Field(() => String) role!: string;
}

@ObjectType('ResourceSpecification')
export class ResourceSpecification {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => ID, { nullable: true }) defaultUnitOfResource!: string | null;
  @Field(() => ID, { nullable: true }) defaultUnitOfEffort!: string | null;

  static of(row: SpecificationRow): ResourceSpecification {
    return Object.assign(new ResourceSpecification(), {
      id: row.id, uri: row.uri, name: row.name, note: row.note,
      defaultUnitOfResource: row.default_unit_of_resource, defaultUnitOfEffort: row.default_unit_of_effort,
    });
  }
}

@ObjectType('ProcessSpecification')
export class ProcessSpecification {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note!: string | null;

  static of(row: SpecificationRow): ProcessSpecification {
    return Object.assign(new ProcessSpecification(), { id: row.id, uri: row.uri, name: row.name, note: row.note });
  }
}

@ObjectType('EconomicResource')
export class EconomicResource {
  row!: ResourceRow;
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) trackingIdentifier!: string | null;
  @Field(() => String, { nullable: true, description: 'The batch or lot (an identifier).' }) ofBatchLot!: string | null;
  @Field(() => String, { nullable: true }) currentLocation!: string | null;
  @Field(() => String, { nullable: true }) state!: string | null;
  @Field(() => Boolean, { description: 'False for a copy of another instance’s resource.' }) local!: boolean;

  static of(row: ResourceRow): EconomicResource {
    return Object.assign(new EconomicResource(), {
      row,
      id: row.id,
      uri: row.uri,
      name: row.name,
      note: row.note,
      trackingIdentifier: row.tracking_identifier,
      ofBatchLot: row.of_batch_lot,
      currentLocation: row.current_location,
      state: row.state,
      local: row.origin === null,
    });
  }
}

@ObjectType('Process')
export class Process {
  row!: ProcessRow;
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Boolean) finished!: boolean;
  @Field(() => String, { nullable: true }) hasBeginning!: string | null;
  @Field(() => String, { nullable: true }) hasEnd!: string | null;

  static of(row: ProcessRow): Process {
    return Object.assign(new Process(), {
      row, id: row.id, uri: row.uri, name: row.name, note: row.note, finished: row.finished,
      hasBeginning: iso(row.has_beginning), hasEnd: iso(row.has_end),
    });
  }
}

@ObjectType('EventSignature', { description: 'Who signed an event and whether it verified (Ed25519 over its JCS form).' })
export class EventSignature {
  @Field(() => String, { description: 'base58 Ed25519 signature.' }) signature!: string;
  @Field(() => String, { description: 'base58 public key of the signer.' }) signerPublicKey!: string;
  @Field(() => Boolean) verified!: boolean;
  @Field(() => String, { description: 'The canonical (RFC 8785) JSON that was signed.' }) signedPayload!: string;
}

@ObjectType('EconomicEvent')
export class EconomicEvent {
  row!: EventRow;
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String, { nullable: true }) hasPointInTime!: string | null;
  @Field(() => String, { nullable: true }) hasBeginning!: string | null;
  @Field(() => String, { nullable: true }) hasEnd!: string | null;
  @Field(() => String, { nullable: true }) atLocation!: string | null;
  @Field(() => String, { nullable: true }) toLocation!: string | null;
  @Field(() => String, { nullable: true }) state!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Boolean, { description: 'False for a copy of an event recorded on another instance.' }) local!: boolean;
  @Field(() => EventSignature, { nullable: true }) signature!: EventSignature | null;

  static of(row: EventRow): EconomicEvent {
    return Object.assign(new EconomicEvent(), {
      row,
      id: row.id,
      uri: row.uri,
      hasPointInTime: iso(row.has_point_in_time),
      hasBeginning: iso(row.has_beginning),
      hasEnd: iso(row.has_end),
      atLocation: row.at_location,
      toLocation: row.to_location,
      state: row.state,
      note: row.note,
      local: row.origin === null,
      signature:
        row.signature && row.signer_public_key
          ? Object.assign(new EventSignature(), { signature: row.signature, signerPublicKey: row.signer_public_key, verified: row.signature_verified, signedPayload: row.signed_payload ?? '' })
          : null,
    });
  }
}

@ObjectType('EconomicEventResponse')
export class EconomicEventResponse {
  @Field(() => EconomicEvent) economicEvent!: EconomicEvent;
  @Field(() => EconomicResource, { nullable: true, description: 'The resource the event created or changed.' }) economicResource!: EconomicResource | null;
}

@ObjectType('EconomicEventConnection')
export class EconomicEventConnection extends ConnectionType(() => EconomicEvent, 'EconomicEvent') {}

/** Fields of an Intent (one agent's offer or request) and of a Commitment (promised by both). */
function intentType(name: 'Intent' | 'Commitment') {
  @ObjectType(name)
  class IntentLike {
    row!: IntentRow;
    @Field(() => ID) id!: string;
    @Field(() => String) uri!: string;
    @Field(() => String, { nullable: true }) due!: string | null;
    @Field(() => String, { nullable: true }) atLocation!: string | null;
    @Field(() => String, { nullable: true }) note!: string | null;
    @Field(() => Boolean) finished!: boolean;

    static of(row: IntentRow): IntentLike {
      return Object.assign(new this(), { row, id: row.id, uri: row.uri, due: iso(row.due), atLocation: row.at_location, note: row.note, finished: row.finished });
    }
  }
  return IntentLike;
}

export const Intent = intentType('Intent');
export type Intent = InstanceType<typeof Intent>;
export const Commitment = intentType('Commitment');
export type Commitment = InstanceType<typeof Commitment>;

@ObjectType('Proposal')
export class Proposal {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { description: 'offer or request.' }) purpose!: string;
  @Field(() => Boolean) unitBased!: boolean;
  @Field(() => String, { nullable: true }) eligibleLocation!: string | null;
  @Field(() => String, { nullable: true }) hasBeginning!: string | null;
  @Field(() => String, { nullable: true }) hasEnd!: string | null;
  @Field(() => [Intent]) publishes!: Intent[];
  @Field(() => [Intent]) reciprocal!: Intent[];
}

@ObjectType('Agreement')
export class Agreement {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('Claim')
export class Claim {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => ID) action!: string;
  @Field(() => Agent) provider!: Agent;
  @Field(() => Agent) receiver!: Agent;
  @Field(() => ID, { description: 'The event that gives rise to the claim.' }) triggeredBy!: string;
  @Field(() => Measure, { nullable: true }) resourceQuantity!: Measure | null;
  @Field(() => String, { nullable: true }) due!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('Plan')
export class Plan {
  @Field(() => ID) id!: string;
  @Field(() => String) uri!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) due!: string | null;
}

export const TrackTraceItem = createUnionType({
  name: 'TrackTraceItem',
  description: 'An item of a track or trace: an event, a resource or a process.',
  types: () => [EconomicEvent, EconomicResource, Process] as const,
  resolveType: (value) => (value instanceof EconomicEvent ? 'EconomicEvent' : value instanceof EconomicResource ? 'EconomicResource' : 'Process'),
});

@ObjectType('TrackTraceStep', { description: 'An item of a walk with how many steps it is from where the walk started.' })
export class TrackTraceStep {
  @Field(() => Int) distance!: number;
  @Field(() => TrackTraceItem) item!: EconomicEvent | EconomicResource | Process;
}

export function iso(date: Date | string | null): string | null {
  if (date === null) return null;
  return (date instanceof Date ? date : new Date(date)).toISOString();
}
