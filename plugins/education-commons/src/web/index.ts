import type { WebContribution } from '@commonplace/sdk/web';
import { collectionsWeb } from './collections/index.js';
import { communitiesWeb } from './communities/index.js';
import { discoverWeb } from './discover/index.js';
import { resourcesWeb } from './resources/index.js';

/**
 * education-commons in the browser: one contribution assembled from each area's (its pages, menu
 * entries, slot panels and its own message files, so no two areas share a catalogue file).
 */
const areas: readonly WebContribution[] = [discoverWeb, communitiesWeb, collectionsWeb, resourcesWeb];

export const educationCommonsWeb: WebContribution = {
  pages: areas.flatMap((area) => area.pages ?? []),
  navigation: areas.flatMap((area) => area.navigation ?? []),
  slots: areas.flatMap((area) => area.slots ?? []),
  messages: mergeCatalogues(areas),
  islands: Object.assign({}, ...areas.map((area) => area.islands ?? {})),
};

/** Each locale's messages from every area; a key two areas define is a mistake worth failing on. */
function mergeCatalogues(contributions: readonly WebContribution[]): Record<string, Record<string, string>> {
  const merged: Record<string, Record<string, string>> = {};
  for (const contribution of contributions) {
    for (const [locale, messages] of Object.entries(contribution.messages ?? {})) {
      const catalogue = (merged[locale] ??= {});
      for (const [key, message] of Object.entries(messages)) {
        if (key in catalogue) throw new Error(`education-commons web: message ${key} (${locale}) is defined twice`);
        catalogue[key] = message;
      }
    }
  }
  return merged;
}
