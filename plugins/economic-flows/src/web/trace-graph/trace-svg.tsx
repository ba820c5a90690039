import { usePage, type Translate } from '@commonplace/sdk/web';
import { flowsPaths, instanceOf } from '../paths.js';
import { flowEdges, type FlowItem } from './flow-items.js';
import { layOut, type PlacedEdge } from './layout.js';

/** What a box says: a kind ("Transfer", "Resource", "Process"), a name, and a detail line. */
interface NodeText {
  kind: string;
  title: string;
  detail: string;
}

const MAX_CHARS = 28;

/**
 * The flow as an SVG picture drawn on the server: each step a box that links to its page, arrows
 * in the direction things flowed, steps recorded on another instance dashed and named with it. The
 * steps are also listed in order after the picture (TraceSteps), for screen readers and text browsers.
 */
export function TraceSvg({ items, titleId }: { items: readonly FlowItem[]; titleId: string }) {
  const page = usePage();
  const { t } = page;
  const edges = flowEdges(items);
  const layout = layOut(
    items.map((item) => item.id),
    edges,
  );
  const byId = new Map(items.map((item) => [item.id, item]));
  return (
    <div className="flows-graph">
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} aria-labelledby={titleId}>
        <defs>
          <marker id="flows-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path className="flows-arrow" d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <path key={`${edge.from}-${edge.to}`} className="flows-edge" d={edgePath(edge)} markerEnd="url(#flows-arrow)" />
        ))}
        {layout.nodes.map((node) => {
          const item = byId.get(node.id)!;
          const text = nodeText(item, t, page.formatNumber);
          const remote = item.local ? null : instanceOf(item.uri);
          const kindClass = item.__typename === 'EconomicEvent' ? 'event' : item.__typename === 'Process' ? 'process' : 'resource';
          return (
            <a key={node.id} href={hrefOf(item)} className={`flows-node flows-node--${kindClass}${remote ? ' flows-node--remote' : ''}`}>
              <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={item.__typename === 'Process' ? 14 : 4} />
              <text x={node.x + 10} y={node.y + 17} className="flows-node__kind">
                {clip(remote ? `${text.kind} · ${t('economic-flows.remoteOn', { instance: remote })}` : text.kind)}
              </text>
              <text x={node.x + 10} y={node.y + 35} fontWeight="600">
                {clip(text.title)}
              </text>
              <text x={node.x + 10} y={node.y + 52}>
                {clip(text.detail)}
              </text>
            </a>
          );
        })}
      </svg>
    </div>
  );
}

/** The steps in the walk's order, as a list of links (the picture's text alternative). */
export function TraceSteps({ items }: { items: readonly FlowItem[] }) {
  const page = usePage();
  return (
    <ol className="stack stack--tight">
      {items.map((item) => {
        const text = nodeText(item, page.t, page.formatNumber);
        const remote = item.local ? null : instanceOf(item.uri);
        return (
          <li key={item.id}>
            {text.kind}: <a href={hrefOf(item)}>{text.title}</a> {text.detail ? <span className="muted">({text.detail})</span> : null}
            {remote ? <span className="muted"> · {page.t('economic-flows.remoteOn', { instance: remote })}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

function nodeText(item: FlowItem, t: Translate, formatNumber: (value: number) => string): NodeText {
  switch (item.__typename) {
    case 'EconomicEvent': {
      const quantity = item.resourceQuantity ?? item.effortQuantity;
      const amount = quantity ? `${formatNumber(quantity.hasNumericalValue)} ${quantity.hasUnit.symbol}` : '';
      return {
        kind: t('economic-flows.trace.event'),
        title: amount ? `${t(`economic-flows.action.${item.action.id}.label`)} ${amount}` : t(`economic-flows.action.${item.action.id}.label`),
        detail: item.provider.name === item.receiver.name ? item.provider.name : `${item.provider.name} → ${item.receiver.name}`,
      };
    }
    case 'EconomicResource': {
      const onhand = item.onhandQuantity ? `${formatNumber(item.onhandQuantity.hasNumericalValue)} ${item.onhandQuantity.hasUnit.symbol}` : '';
      return { kind: t('economic-flows.trace.resource'), title: item.name, detail: [item.ofBatchLot, onhand].filter(Boolean).join(' · ') };
    }
    case 'Process':
      return { kind: t('economic-flows.trace.process'), title: item.name, detail: '' };
  }
}

function hrefOf(item: FlowItem): string {
  return item.__typename === 'EconomicEvent' ? flowsPaths.event(item.id) : item.__typename === 'Process' ? flowsPaths.process(item.id) : flowsPaths.resource(item.id);
}

function edgePath(edge: PlacedEdge): string {
  return edge.points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(' ');
}

/** A box holds about this many characters; longer text ends with an ellipsis (the list below has it whole). */
function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
