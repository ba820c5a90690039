/**
 * The few rules the commons' lists need beyond core's design system (cards with an icon, tabs), with
 * core's custom properties so light and dark both hold. The contract has no plugin stylesheet yet and
 * the page policy allows inline styles, so they travel with the page (under 1 KB), as economic-flows does.
 */
const CSS = `
.commons-list { list-style: none; padding: 0; margin: 0; display: grid; gap: var(--space-3); }
.commons-card { display: flex; gap: var(--space-3); align-items: flex-start; padding: var(--space-3); border: 1px solid var(--color-border-subtle); border-radius: var(--radius); }
.commons-card__title { font-weight: 600; font-size: var(--text-lg); }
.commons-card p { margin: 0; }
.commons-icon { inline-size: 3rem; block-size: 3rem; border-radius: var(--radius); object-fit: cover; flex: none; }
.commons-icon--large { inline-size: 5rem; block-size: 5rem; }
.commons-icon--empty { display: grid; place-items: center; background: var(--color-surface); border: 1px solid var(--color-border-subtle); font-weight: 700; }
.commons-header { display: flex; flex-wrap: wrap; gap: var(--space-4); align-items: flex-start; }
.commons-tabs ul { list-style: none; display: flex; flex-wrap: wrap; gap: var(--space-2) var(--space-4); padding: 0; margin: 0; border-block-end: 1px solid var(--color-border-subtle); }
.commons-tabs a { display: inline-block; padding-block: var(--space-2); }
.commons-tabs a[aria-current='page'] { font-weight: 700; border-block-end: 3px solid var(--color-accent); }
`;

export function CommonsStyles() {
  return <style>{CSS}</style>;
}
