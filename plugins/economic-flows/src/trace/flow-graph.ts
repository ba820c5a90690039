import type { EventRow, ProcessRow, ResourceRow } from '../db/tables.js';

export type FlowKind = 'event' | 'resource' | 'process';

export interface FlowNode {
  kind: FlowKind;
  id: string;
}

/** The event columns the walk reads. */
export type FlowEvent = Pick<
  EventRow,
  'id' | 'seq' | 'action' | 'resource_inventoried_as' | 'to_resource_inventoried_as' | 'input_of' | 'output_of' | 'previous_event'
>;

/** Raise and lower adjust a balance: a trace stops at them unless the resource had history before. */
const ADJUSTMENTS = new Set(['raise', 'lower']);
/** Events that make a resource (or add to a stock) even without a process. */
const CREATING = new Set(['produce', 'raise', 'lower']);

/**
 * previous/next as the ValueFlows track-and-trace algorithm defines them, over the events of one
 * connected part of the flow graph held in memory.
 */
export class FlowGraph {
  private readonly events = new Map<string, FlowEvent>();
  private readonly byResource = new Map<string, FlowEvent[]>();
  private readonly byToResource = new Map<string, FlowEvent[]>();
  private readonly byInputOf = new Map<string, FlowEvent[]>();
  private readonly byOutputOf = new Map<string, FlowEvent[]>();
  private readonly byPreviousEvent = new Map<string, FlowEvent[]>();

  constructor(events: Iterable<FlowEvent>) {
    for (const event of events) {
      this.events.set(event.id, event);
      push(this.byResource, event.resource_inventoried_as, event);
      push(this.byToResource, event.to_resource_inventoried_as, event);
      push(this.byInputOf, event.input_of, event);
      push(this.byOutputOf, event.output_of, event);
      push(this.byPreviousEvent, event.previous_event, event);
    }
  }

  event(id: string): FlowEvent | undefined {
    return this.events.get(id);
  }

  /** The event that names `id` as its previousEvent (the breadcrumb forwards). */
  followingEvent(id: string): FlowEvent | undefined {
    return this.byPreviousEvent.get(id)?.[0];
  }

  previous(node: FlowNode): FlowNode[] {
    switch (node.kind) {
      case 'resource': {
        const made = (this.byResource.get(node.id) ?? []).filter((event) => event.output_of !== null || CREATING.has(event.action));
        const received = this.byToResource.get(node.id) ?? [];
        return uniqueEvents([...made, ...received]);
      }
      case 'process':
        return uniqueEvents(this.byInputOf.get(node.id) ?? []);
      case 'event': {
        const event = this.events.get(node.id);
        if (!event) return [];
        if (event.output_of) return [{ kind: 'process', id: event.output_of }];
        if (ADJUSTMENTS.has(event.action) && event.previous_event === null) return [];
        if (event.resource_inventoried_as) return [{ kind: 'resource', id: event.resource_inventoried_as }];
        return [];
      }
    }
  }

  next(node: FlowNode): FlowNode[] {
    switch (node.kind) {
      case 'resource':
        return uniqueEvents(this.byResource.get(node.id) ?? []);
      case 'process':
        return uniqueEvents(this.byOutputOf.get(node.id) ?? []);
      case 'event': {
        const event = this.events.get(node.id);
        if (!event) return [];
        if (event.input_of) return [{ kind: 'process', id: event.input_of }];
        if (event.output_of) return event.resource_inventoried_as ? [{ kind: 'resource', id: event.resource_inventoried_as }] : [];
        if (event.to_resource_inventoried_as) return [{ kind: 'resource', id: event.to_resource_inventoried_as }];
        return [];
      }
    }
  }
}

function push(map: Map<string, FlowEvent[]>, key: string | null, event: FlowEvent): void {
  if (key === null) return;
  const list = map.get(key);
  if (list) list.push(event);
  else map.set(key, [event]);
}

function uniqueEvents(events: FlowEvent[]): FlowNode[] {
  const seen = new Set<string>();
  const nodes: FlowNode[] = [];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    nodes.push({ kind: 'event', id: event.id });
  }
  return nodes;
}

export type { ProcessRow, ResourceRow };
