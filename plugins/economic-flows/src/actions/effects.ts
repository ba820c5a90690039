import type { ActionDefinition, QuantityEffect } from './table.js';

/** What an event can change on a resource. */
export interface ResourceState {
  accountingQuantity: number;
  onhandQuantity: number;
  currentLocation: string | null;
  containedIn: string | null;
  primaryAccountable: string | null;
  /** Who holds the resource physically (the onhand side); an extension of VF's model, documented. */
  custodian: string | null;
  stage: string | null;
  state: string | null;
}

export type ResourceChange = Partial<ResourceState>;

export interface EffectInput {
  action: ActionDefinition;
  /** The event's quantity in the units of each resource (already converted), or null without a resource quantity. */
  fromQuantity: number | null;
  toQuantity: number | null;
  receiver: string;
  atLocation: string | null;
  toLocation: string | null;
  state: string | null;
  /** The event's toResourceInventoriedAs (the container, for combine). */
  toResourceId: string | null;
  /** The process specification of the process the event is output of, if any. */
  outputStage: string | null;
  from: ResourceState | null;
  to: ResourceState | null;
  /** Which resource this event creates, if it creates one: its `new` effects apply to it. */
  created: 'from' | 'to' | null;
  /** A correction changes quantities only (VF: the correcting quantity is added to the original's). */
  quantitiesOnly: boolean;
}

export interface Effects {
  from: ResourceChange;
  to: ResourceChange;
}

/**
 * The changes an event makes to its resources, read from the action's row of the table:
 * pure, so every action can be checked against the table without a database.
 */
export function effectsOf(input: EffectInput): Effects {
  const { action } = input;
  const from: ResourceChange = {};
  const to: ResourceChange = {};
  applyQuantity('accountingQuantity', action.accountingEffect, input, from, to);
  applyQuantity('onhandQuantity', action.onhandEffect, input, from, to);
  if (input.quantitiesOnly) return { from, to };

  const location = input.toLocation ?? input.atLocation;
  if (location !== null) {
    if (action.locationEffect === 'update' && input.from) from.currentLocation = location;
    if (action.locationEffect === 'updateTo' && input.to) to.currentLocation = location;
    if (action.locationEffect === 'new') setOnCreated(input, from, to, 'currentLocation', location);
  }

  if (action.containedEffect === 'update' && input.from && input.toResourceId) from.containedIn = input.toResourceId;
  if (action.containedEffect === 'remove' && input.from) from.containedIn = null;

  if (action.accountableEffect === 'new') setOnCreated(input, from, to, 'primaryAccountable', input.receiver);
  if (action.accountableEffect === 'updateTo' && input.to) to.primaryAccountable = input.receiver;

  // Custody follows the onhand quantity: whoever receives it on hand, or whoever gets a new resource.
  if (action.onhandEffect === 'decrementIncrement' && input.to) to.custodian = input.receiver;
  if (input.created) setOnCreated(input, from, to, 'custodian', input.receiver);

  if (action.stageEffect === 'update' && input.outputStage && input.from) from.stage = input.outputStage;

  if (input.state !== null) {
    if (action.stateEffect === 'update' && input.from) from.state = input.state;
    if (action.stateEffect === 'updateTo' && input.to) to.state = input.state;
  }
  return { from, to };
}

function applyQuantity(
  field: 'accountingQuantity' | 'onhandQuantity',
  effect: QuantityEffect | null,
  input: EffectInput,
  from: ResourceChange,
  to: ResourceChange,
): void {
  if (effect === null) return;
  const onFrom = (sign: 1 | -1) => {
    if (input.from && input.fromQuantity !== null) from[field] = input.from[field] + sign * input.fromQuantity;
  };
  const onTo = () => {
    if (input.to && input.toQuantity !== null) to[field] = input.to[field] + input.toQuantity;
  };
  switch (effect) {
    case 'increment':
      return onFrom(1);
    case 'decrement':
      return onFrom(-1);
    case 'incrementTo':
      return onTo();
    case 'decrementIncrement':
      onFrom(-1);
      return onTo();
  }
}

function setOnCreated<K extends keyof ResourceState>(
  input: EffectInput,
  from: ResourceChange,
  to: ResourceChange,
  field: K,
  value: ResourceState[K],
): void {
  if (input.created === 'from' && input.from) from[field] = value;
  if (input.created === 'to' && input.to) to[field] = value;
}
