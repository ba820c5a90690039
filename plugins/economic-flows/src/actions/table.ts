import { readFileSync } from 'node:fs';

/**
 * The 19 ValueFlows 1.0 actions and their effects, read from the ontology's table (vf-actions.json, a copy
 * of the shared fixture transcribed from all_vf.TTL at tag 1.0.0; CC-BY-SA-4.0). The code never lists an
 * action's effects itself: it reads them here.
 */
export type ActionId =
  | 'accept' | 'combine' | 'consume' | 'cite' | 'copy' | 'deliverService' | 'dropoff' | 'lower' | 'modify' | 'move'
  | 'pickup' | 'produce' | 'raise' | 'separate' | 'transferAllRights' | 'transfer' | 'transferCustody' | 'use' | 'work';

export type QuantityEffect = 'increment' | 'decrement' | 'incrementTo' | 'decrementIncrement';

export interface ActionDefinition {
  id: ActionId;
  label: string;
  inputOutput: 'input' | 'output' | 'outputInput' | null;
  pairsWith: ActionId | null;
  createResource: 'optional' | 'optionalTo' | null;
  eventQuantity: 'resource' | 'effort' | 'both';
  accountingEffect: QuantityEffect | null;
  onhandEffect: QuantityEffect | null;
  locationEffect: 'update' | 'updateTo' | 'new' | null;
  containedEffect: 'update' | 'remove' | null;
  accountableEffect: 'new' | 'updateTo' | null;
  stageEffect: 'update' | null;
  stateEffect: 'update' | 'updateTo' | null;
  comment: string;
  termStatus: string;
}

interface ActionsFile {
  namespace: string;
  actions: ActionDefinition[];
}

const file = JSON.parse(readFileSync(new URL('./vf-actions.json', import.meta.url), 'utf8')) as ActionsFile;

export const VF_NAMESPACE = file.namespace;
export const ACTIONS: ReadonlyMap<ActionId, ActionDefinition> = new Map(file.actions.map((action) => [action.id, Object.freeze(action)]));
export const ACTION_IDS: readonly ActionId[] = [...ACTIONS.keys()];

export function isActionId(value: unknown): value is ActionId {
  return typeof value === 'string' && ACTIONS.has(value as ActionId);
}

export function actionOf(id: ActionId): ActionDefinition {
  const action = ACTIONS.get(id);
  if (!action) throw new Error(`unknown action ${id}`);
  return action;
}

/** True when the action changes the event's own resource (`resourceInventoriedAs`) beyond its state. */
export function touchesFromResource(action: ActionDefinition): boolean {
  const onFrom = (effect: string | null) => effect !== null && effect !== 'incrementTo' && effect !== 'updateTo';
  return (
    onFrom(action.accountingEffect) ||
    onFrom(action.onhandEffect) ||
    (action.locationEffect !== null && action.locationEffect !== 'updateTo') ||
    action.containedEffect !== null ||
    action.stageEffect !== null
  );
}

/** True when the action affects a receiving resource (`toResourceInventoriedAs`). */
export function touchesToResource(action: ActionDefinition): boolean {
  return (
    action.createResource === 'optionalTo' ||
    action.accountingEffect === 'decrementIncrement' ||
    action.onhandEffect === 'decrementIncrement' ||
    action.accountingEffect === 'incrementTo' ||
    action.onhandEffect === 'incrementTo'
  );
}
