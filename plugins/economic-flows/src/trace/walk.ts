import type { FlowGraph, FlowNode } from './flow-graph.js';

export interface WalkedNode extends FlowNode {
  /** Steps from the starting item. */
  distance: number;
  /** The item it was reached from (the tree the walk draws). */
  parent: FlowNode | null;
}

export interface WalkOptions {
  depth: number;
  maxItems: number;
  /** Orders siblings: events by their sequence, others by creation; trace walks newest first, track oldest first. */
  orderKey(node: FlowNode): number;
}

/**
 * The ValueFlows trace: depth-first backwards from the starting item. A pickup is followed only back from
 * its dropoff, an accept only from its modify, a combine only from its separate, so a resource that passed
 * through a transport, repair or package is not confused with everything else that went through it.
 */
export function trace(graph: FlowGraph, start: FlowNode, options: WalkOptions): WalkedNode[] {
  return walk(graph, start, options, 'trace');
}

/** The ValueFlows track: the same walk forwards, with the pairs the other way round. */
export function track(graph: FlowGraph, start: FlowNode, options: WalkOptions): WalkedNode[] {
  return walk(graph, start, options, 'track');
}

/** For each direction: the action that opens a pair when met, and the one it lets through later. */
const PAIRS = {
  trace: { opens: { separate: 'contained', modify: 'modified', dropoff: 'delivered' }, closes: { combine: 'contained', accept: 'modified', pickup: 'delivered' } },
  track: { opens: { combine: 'contains', accept: 'modifies', pickup: 'delivers' }, closes: { separate: 'contains', modify: 'modifies', dropoff: 'delivers' } },
} as const;

function walk(graph: FlowGraph, start: FlowNode, options: WalkOptions, direction: 'trace' | 'track'): WalkedNode[] {
  const pairs = PAIRS[direction] as { opens: Record<string, string>; closes: Record<string, string> };
  const open = new Map<string, Set<string>>();
  const pending = (list: string) => open.get(list) ?? open.set(list, new Set()).get(list)!;
  const key = (node: FlowNode) => `${node.kind}:${node.id}`;
  const visited = new Set<string>([key(start)]);
  const flows: WalkedNode[] = [{ ...start, distance: 0, parent: null }];

  const opensPair = (node: FlowNode) => {
    const event = node.kind === 'event' ? graph.event(node.id) : undefined;
    const list = event ? pairs.opens[event.action] : undefined;
    if (event && list && event.resource_inventoried_as) pending(list).add(event.resource_inventoried_as);
  };
  opensPair(start);

  const visit = (current: WalkedNode, savedEvent: string | null) => {
    if (flows.length >= options.maxItems || current.distance >= options.depth) return;
    const currentEvent = current.kind === 'event' ? graph.event(current.id) : undefined;
    let saved = savedEvent;
    if (currentEvent) saved = direction === 'trace' ? currentEvent.previous_event : (graph.followingEvent(currentEvent.id)?.id ?? null);

    const sign = direction === 'trace' ? -1 : 1;
    const items = (direction === 'trace' ? graph.previous(current) : graph.next(current)).sort((a, b) => sign * (options.orderKey(a) - options.orderKey(b)));
    // The breadcrumb first, so repeated processes are walked in the order they happened.
    const savedIndex = saved === null ? -1 : items.findIndex((item) => item.kind === 'event' && item.id === saved);
    if (savedIndex > 0) items.unshift(...items.splice(savedIndex, 1));

    for (const item of items) {
      if (visited.has(key(item))) continue;
      const event = item.kind === 'event' ? graph.event(item.id) : undefined;
      let skip = false;
      if (event) {
        const closing = pairs.closes[event.action];
        const opening = pairs.opens[event.action];
        if (closing) {
          const list = pending(closing);
          if (event.resource_inventoried_as && list.has(event.resource_inventoried_as)) list.delete(event.resource_inventoried_as);
          else skip = true;
        } else if (opening && event.resource_inventoried_as) {
          pending(opening).add(event.resource_inventoried_as);
        }
      }
      if (skip) continue;
      visited.add(key(item));
      const walked: WalkedNode = { ...item, distance: current.distance + 1, parent: { kind: current.kind, id: current.id } };
      flows.push(walked);
      if (flows.length >= options.maxItems) return;
      visit(walked, saved);
    }
  };
  visit(flows[0]!, null);
  return flows;
}
