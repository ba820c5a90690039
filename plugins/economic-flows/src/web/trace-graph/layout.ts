import dagre from '@dagrejs/dagre';
import type { FlowEdge } from './flow-items.js';

export interface PlacedNode {
  id: string;
  /** The top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends FlowEdge {
  points: Array<{ x: number; y: number }>;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 62;
const MARGIN = 16;
/** About the width of the page's main column (72rem less its padding). */
const MAX_WIDTH = 1100;

/**
 * Places the flow left to right (top to bottom when that is too wide) with dagre (layered drawing of a directed graph: the shape a flow
 * from origins to where things are now reads best in), on the server, once per page.
 */
export function layOut(nodeIds: readonly string[], edges: readonly FlowEdge[], maxWidth = MAX_WIDTH): GraphLayout {
  const across = layOutIn('LR', nodeIds, edges);
  // A long chain drawn across would need sideways scrolling: drawn downwards it reads as a list does.
  return across.width <= maxWidth ? across : layOutIn('TB', nodeIds, edges);
}

function layOutIn(rankdir: 'LR' | 'TB', nodeIds: readonly string[], edges: readonly FlowEdge[]): GraphLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir, nodesep: 24, ranksep: rankdir === 'LR' ? 48 : 36, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: nodeIds.map((id) => {
      const node = graph.node(id);
      return { id, x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height };
    }),
    edges: edges.map((edge) => ({ ...edge, points: graph.edge(edge.from, edge.to)?.points ?? [] })),
  };
}
