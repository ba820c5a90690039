/**
 * The few rules the plugin's pages need beyond core's design system (tables, the trace graph), with
 * core's custom properties so light and dark both hold. The contract has no plugin stylesheet yet,
 * and the page policy allows inline styles, so they travel with the page (under 1 KB).
 */
const CSS = `
.flows-table-wrap { overflow-x: auto; }
.flows-table { border-collapse: collapse; inline-size: 100%; }
.flows-table th, .flows-table td { text-align: start; padding: var(--space-2) var(--space-3); border-block-end: 1px solid var(--color-border-subtle); vertical-align: top; }
.flows-facts { display: grid; grid-template-columns: max-content 1fr; gap: var(--space-2) var(--space-4); margin: 0; }
.flows-facts dt { font-weight: 600; }
.flows-facts dd { margin: 0; }
.flows-check { flex-wrap: wrap; }
.flows-check .field__hint { flex-basis: 100%; margin: 0; }
.flows-actions { display: grid; gap: var(--space-2); padding: 0; list-style: none; }
.flows-graph { inline-size: fit-content; max-inline-size: 100%; overflow: auto; border: 1px solid var(--color-border-subtle); border-radius: var(--radius); background: var(--color-surface); }
.flows-graph svg { display: block; max-inline-size: none; }
.flows-graph a:focus-visible rect { stroke: var(--color-focus); stroke-width: 3; }
.flows-node rect { fill: var(--color-bg); stroke: var(--color-border); }
.flows-node--event rect { fill: var(--color-surface); }
.flows-node--remote rect { stroke-dasharray: 5 3; stroke: var(--color-accent); }
.flows-node text { fill: var(--color-text); font-size: 13px; }
.flows-node .flows-node__kind { fill: var(--color-muted); font-size: 11px; }
.flows-edge { fill: none; stroke: var(--color-muted); stroke-width: 1.5; }
.flows-arrow { fill: var(--color-muted); }
`;

export function FlowsStyles() {
  return <style>{CSS}</style>;
}
