import { z } from '@commonplace/sdk';

/** Every limit of the plugin, as instance settings (`plugins: [{ plugin: linksPlugin, settings: {...} }]`). */
export const linksSettings = z.object({
  maxUrlLength: z.number().int().min(20).max(8_192).default(2_048),
  maxTitleLength: z.number().int().min(1).max(1_000).default(200),
  maxNoteLength: z.number().int().min(0).max(20_000).default(2_000),
});

export type LinksSettings = z.infer<typeof linksSettings>;
