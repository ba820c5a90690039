import type { MeasureData } from '../components.js';

/** An item of a trace or track as the page's query answers it (a union: `__typename` says which). */
export type FlowItem =
  | {
      __typename: 'EconomicEvent';
      id: string;
      uri: string;
      local: boolean;
      hasPointInTime: string | null;
      action: { id: string };
      resourceQuantity: MeasureData | null;
      effortQuantity: MeasureData | null;
      provider: { name: string };
      receiver: { name: string };
      resourceInventoriedAs: { id: string } | null;
      toResourceInventoriedAs: { id: string } | null;
      inputOf: { id: string } | null;
      outputOf: { id: string } | null;
    }
  | { __typename: 'EconomicResource'; id: string; uri: string; local: boolean; name: string; ofBatchLot: string | null; onhandQuantity: MeasureData | null }
  | { __typename: 'Process'; id: string; uri: string; local: boolean; name: string };

export const FLOW_ITEM_FIELDS = `__typename
  ... on EconomicEvent {
    id uri local hasPointInTime action { id }
    resourceQuantity { hasNumericalValue hasUnit { id symbol label } } effortQuantity { hasNumericalValue hasUnit { id symbol label } }
    provider { name } receiver { name }
    resourceInventoriedAs { id } toResourceInventoriedAs { id } inputOf { id } outputOf { id }
  }
  ... on EconomicResource { id uri local name ofBatchLot onhandQuantity { hasNumericalValue hasUnit { id symbol label } } }
  ... on Process { id uri local name }`;

/** Events that make a resource (or add to a stock) without a process: they flow into it, not out of it. */
const CREATING = new Set(['produce', 'raise', 'lower']);

export interface FlowEdge {
  from: string;
  to: string;
}

/**
 * The arrows between the items, in the direction things flowed (resource into the event that used
 * it, event into the resource it made or passed on, process into its outputs), as the flow graph of
 * the ValueFlows track-and-trace algorithm links them; only between items the walk reached.
 */
export function flowEdges(items: readonly FlowItem[]): FlowEdge[] {
  const present = new Set(items.map((item) => item.id));
  const edges = new Map<string, FlowEdge>();
  const add = (from: string | undefined, to: string | undefined) => {
    if (!from || !to || !present.has(from) || !present.has(to)) return;
    edges.set(`${from}>${to}`, { from, to });
  };
  for (const item of items) {
    if (item.__typename !== 'EconomicEvent') continue;
    const resource = item.resourceInventoriedAs?.id;
    if (item.outputOf) {
      add(item.outputOf.id, item.id);
      add(item.id, resource);
    } else if (CREATING.has(item.action.id)) {
      add(item.id, resource);
    } else {
      add(resource, item.id);
    }
    add(item.id, item.inputOf?.id);
    add(item.id, item.toResourceInventoriedAs?.id);
  }
  return [...edges.values()];
}
