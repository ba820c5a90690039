import { z } from '@commonplace/sdk';
import { uploadSettingsSchema } from './uploads/index.js';

/**
 * The plugin's settings, validated at boot. Every limit is named here with its default; an instance
 * overrides them with `{ plugin: educationCommonsPlugin, settings: { … } }`.
 */
export const settingsSchema = z.object({
  /** The licence a resource gets when its author names none; null makes `licence` required. */
  defaultLicence: z.string().nullable().default('CC-BY-4.0'),
  limits: z
    .object({
      nameLength: z.number().int().min(1).default(200),
      summaryLength: z.number().int().min(1).default(5_000),
      urlLength: z.number().int().min(10).default(2_048),
      commentLength: z.number().int().min(1).default(10_000),
      flagReasonLength: z.number().int().min(1).default(2_000),
      learningOutcomes: z.number().int().min(0).default(20),
      learningOutcomeLength: z.number().int().min(1).default(500),
      /** Replies nest; deeper than this a reply is refused (threads stay readable and queries bounded). */
      commentDepth: z.number().int().min(1).default(20),
      /** Remote communities followed (core's follow) whose resources the viewer's feed takes in: the most recently followed first. */
      feedFollowedGroups: z.number().int().min(0).default(1_000),
    })
    .prefault({}),
  discover: z
    .object({
      /**
       * Discover's first pages (featured, newest, most liked, active) are the same for everyone: one
       * process reuses each while no community, collection or resource has changed, and for at most this
       * long (which bounds a change read in the instant before it committed). 0 reads the database every
       * time. See discover/first-page-cache.ts.
       */
      cacheSeconds: z.number().min(0).max(300).default(5),
      /**
       * First pages of community and collection feeds kept the same way, the most recently read first
       * (a page of 20 resources holds some tens of kilobytes). 0 keeps none.
       */
      cachedFeeds: z.number().int().min(0).max(100_000).default(200),
    })
    .prefault({}),
  /** Uploaded files: storage folder, size limit (50 MB), allowed types, thumbnails. See uploads/settings.ts. */
  uploads: uploadSettingsSchema,
});

export type EducationCommonsSettings = z.output<typeof settingsSchema>;

export const PLUGIN_ID = 'education-commons';
