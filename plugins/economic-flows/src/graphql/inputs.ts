import { Field, Float, ID, InputType } from 'type-graphql';
import { MeasureInput } from './types.js';

@InputType('EconomicEventCreateParams')
export class EconomicEventCreateParams {
  @Field(() => ID) action!: string;
  @Field(() => ID, { description: 'Agent id or actor URI.' }) provider!: string;
  @Field(() => ID, { description: 'Agent id or actor URI (on another instance, too).' }) receiver!: string;
  @Field(() => ID, { nullable: true }) resourceInventoriedAs?: string | null;
  @Field(() => ID, { nullable: true }) toResourceInventoriedAs?: string | null;
  @Field(() => ID, { nullable: true }) resourceConformsTo?: string | null;
  @Field(() => MeasureInput, { nullable: true }) resourceQuantity?: MeasureInput | null;
  @Field(() => MeasureInput, { nullable: true }) effortQuantity?: MeasureInput | null;
  @Field(() => ID, { nullable: true }) inputOf?: string | null;
  @Field(() => ID, { nullable: true }) outputOf?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601; signed as Date.toISOString().' }) hasPointInTime?: string | null;
  @Field(() => String, { nullable: true }) hasBeginning?: string | null;
  @Field(() => String, { nullable: true }) hasEnd?: string | null;
  @Field(() => String, { nullable: true }) atLocation?: string | null;
  @Field(() => String, { nullable: true }) toLocation?: string | null;
  @Field(() => String, { nullable: true }) state?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => ID, { nullable: true, description: 'The event this one corrects (same action and resources; the quantity is added to it).' }) corrects?: string | null;
  @Field(() => ID, { nullable: true }) fulfills?: string | null;
  @Field(() => ID, { nullable: true }) satisfies?: string | null;
  @Field(() => ID, { nullable: true }) settles?: string | null;
  @Field(() => ID, { nullable: true }) realizationOf?: string | null;
  @Field(() => String, { nullable: true, description: 'base58 Ed25519 signature of economicEventSigningPayload.' }) signature?: string | null;
  @Field(() => String, { nullable: true, description: 'base58 public key of the signer (the provider’s, or yours).' }) signerPublicKey?: string | null;
}

@InputType('EconomicResourceCreateParams')
export class EconomicResourceCreateParams {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true }) trackingIdentifier?: string | null;
  @Field(() => String, { nullable: true }) ofBatchLot?: string | null;
  @Field(() => ID, { nullable: true }) conformsTo?: string | null;
  @Field(() => String, { nullable: true }) currentLocation?: string | null;
}

/** One event of `createEconomicEvents`: what `createEconomicEvent` takes, as one input. */
@InputType('EconomicEventBatchItem')
export class EconomicEventBatchItem {
  @Field(() => EconomicEventCreateParams) event!: EconomicEventCreateParams;
  @Field(() => EconomicResourceCreateParams, { nullable: true }) newInventoriedResource?: EconomicResourceCreateParams | null;
}

@InputType('ProcessCreateParams')
export class ProcessCreateParams {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => ID, { nullable: true }) basedOn?: string | null;
  @Field(() => ID, { nullable: true }) plannedWithin?: string | null;
  @Field(() => String, { nullable: true }) hasBeginning?: string | null;
  @Field(() => String, { nullable: true }) hasEnd?: string | null;
}

@InputType('ResourceSpecificationCreateParams')
export class ResourceSpecificationCreateParams {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => ID, { nullable: true }) defaultUnitOfResource?: string | null;
  @Field(() => ID, { nullable: true }) defaultUnitOfEffort?: string | null;
}

@InputType('ProcessSpecificationCreateParams')
export class ProcessSpecificationCreateParams {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('UnitCreateParams')
export class UnitCreateParams {
  @Field(() => ID, { description: 'A short stable id (kg, l, h...): events on other instances name units by it.' }) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String) symbol!: string;
  @Field(() => String, { nullable: true }) omUnitIdentifier?: string | null;
  @Field(() => String) dimension!: string;
  @Field(() => Float, { description: 'How many of the dimension’s base unit one of this is.' }) factor!: number;
}

@InputType('IntentCreateParams')
export class IntentCreateParams {
  @Field(() => ID) action!: string;
  @Field(() => ID, { nullable: true }) provider?: string | null;
  @Field(() => ID, { nullable: true }) receiver?: string | null;
  @Field(() => ID, { nullable: true }) resourceInventoriedAs?: string | null;
  @Field(() => ID, { nullable: true }) resourceConformsTo?: string | null;
  @Field(() => MeasureInput, { nullable: true }) resourceQuantity?: MeasureInput | null;
  @Field(() => MeasureInput, { nullable: true }) effortQuantity?: MeasureInput | null;
  @Field(() => ID, { nullable: true }) inputOf?: string | null;
  @Field(() => ID, { nullable: true }) outputOf?: string | null;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, { nullable: true }) atLocation?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('CommitmentCreateParams')
export class CommitmentCreateParams extends IntentCreateParams {
  @Field(() => ID, { nullable: true, description: 'The intent this commitment satisfies.' }) satisfies?: string | null;
  @Field(() => ID, { nullable: true, description: 'The agreement it is a clause of.' }) clauseOf?: string | null;
}

@InputType('ProposalCreateParams')
export class ProposalCreateParams {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { description: 'offer or request.' }) purpose!: string;
  @Field(() => Boolean, { nullable: true }) unitBased?: boolean | null;
  @Field(() => String, { nullable: true }) eligibleLocation?: string | null;
  @Field(() => String, { nullable: true }) hasBeginning?: string | null;
  @Field(() => String, { nullable: true }) hasEnd?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Intents the proposal offers or requests.' }) publishes?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Intents asked in return.' }) reciprocal?: string[] | null;
}

@InputType('AgreementCreateParams')
export class AgreementCreateParams {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('ClaimCreateParams')
export class ClaimCreateParams {
  @Field(() => ID) action!: string;
  @Field(() => ID) provider!: string;
  @Field(() => ID) receiver!: string;
  @Field(() => ID) triggeredBy!: string;
  @Field(() => MeasureInput, { nullable: true }) resourceQuantity?: MeasureInput | null;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('PlanCreateParams')
export class PlanCreateParams {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true }) due?: string | null;
}

@InputType('OrganizationCreateParams')
export class OrganizationCreateParams {
  @Field(() => String, { description: 'The organisation’s actor username (its fediverse handle).' }) username!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Let the server make (with Zencode) and hold the organisation’s key, and sign for it.' })
  serverHeldKey?: boolean | null;
}

@InputType('AgentRelationshipCreateParams')
export class AgentRelationshipCreateParams {
  @Field(() => ID) subject!: string;
  @Field(() => ID) object!: string;
  @Field(() => String, { description: 'owner and member let the subject record events for the object.' }) role!: string;
}

@InputType('EconomicEventFilterParams')
export class EconomicEventFilterParams {
  @Field(() => ID, { nullable: true }) action?: string | null;
  @Field(() => ID, { nullable: true }) provider?: string | null;
  @Field(() => ID, { nullable: true }) receiver?: string | null;
  @Field(() => ID, { nullable: true }) resourceInventoriedAs?: string | null;
  @Field(() => ID, { nullable: true }) inputOf?: string | null;
  @Field(() => ID, { nullable: true }) outputOf?: string | null;
}
