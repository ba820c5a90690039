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

/**
 * Places the flow left to right with dagre (layered drawing of a directed graph: the shape a flow
 * from origins to where things are now reads best in), on the server, once per page.
 */
export function layOut(nodeIds: readonly string[], edges: readonly FlowEdge[]): GraphLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 48, marginx: MARGIN, marginy: MARGIN });
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
