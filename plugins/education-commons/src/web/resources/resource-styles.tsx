/**
 * The few rules the resource pages add to the design system (its custom properties, no new colours).
 * Written without quotes or angle brackets: React escapes a style element's text, and a style
 * element does not decode entities.
 */
const CSS = `
.resource-details { display: grid; gap: var(--space-2); margin: 0; }
.resource-details__row { display: grid; grid-template-columns: minmax(8rem, 12rem) 1fr; gap: var(--space-3); }
.resource-details dt { font-weight: 600; }
.resource-details dd { margin: 0; }
.resource-licence__meaning { color: var(--color-muted); }
.comment-list { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: var(--space-4); }
.comment-list--replies { margin-block-start: var(--space-3); padding-inline-start: var(--space-4); border-inline-start: 3px solid var(--color-border-subtle); }
.comment__meta, .comment__content { margin: 0; }
.comment__content { white-space: pre-line; }
.reply summary, .flag summary { cursor: pointer; }
.notice { padding: var(--space-3); background: var(--color-surface); border-inline-start: 4px solid var(--color-accent); }
@media (max-width: 30rem) { .resource-details__row { grid-template-columns: 1fr; gap: 0; } }
`;

export function ResourceStyles() {
  return <style>{CSS}</style>;
}
