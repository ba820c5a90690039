/**
 * The names the Vite build gives its entries (rolldown input keys), shared by the build
 * (core/web/islands.ts) and the server (assets-manifest.ts). Kept apart from both so the build's
 * config bundles this file alone, not the server's imports.
 */

/** The design system's stylesheet. */
export const STYLESHEET_ENTRY = 'ui';

/** An island's browser entry: `island-education-commons.like` for the island `education-commons.like`. */
export const islandEntryName = (island: string): string => `island-${island}`;
