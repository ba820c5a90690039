import { asClass, type PluginServices } from '@commonplace/sdk';
import { CollectionService } from './collections/collection-service.js';
import { CommunityService } from './communities/community-service.js';
import { DiscoverService } from './discover/discover-service.js';
import { ResourceService } from './resources/resource-service.js';
import type { EducationCommonsSettings } from './settings.js';
import { BookmarkService } from './social/bookmarks.js';
import { CommentService } from './social/comments.js';
import { FlagService } from './social/flags.js';
import { LikeService } from './social/likes.js';
import type { EducationCommonsTables } from './tables.js';

/**
 * What every part of the plugin is given: core's ports, typed with the plugin's own tables and
 * settings, and its own services. Resolvers, routes, handlers and jobs ask for nothing else.
 */
export type EducationCommonsServices = PluginServices<EducationCommonsTables, EducationCommonsSettings> & {
  educationCommunities: CommunityService;
  educationCollections: CollectionService;
  educationResources: ResourceService;
  educationLikes: LikeService;
  educationComments: CommentService;
  educationBookmarks: BookmarkService;
  educationFlags: FlagService;
  educationDiscover: DiscoverService;
};

/**
 * The plugin's services. They hold no per-request state (resolvers pass the viewer in), so each is a
 * singleton built from the plugin's view of the instance.
 */
export const services = {
  educationCommunities: asClass(CommunityService).singleton(),
  educationCollections: asClass(CollectionService).singleton(),
  educationResources: asClass(ResourceService).singleton(),
  educationLikes: asClass(LikeService).singleton(),
  educationComments: asClass(CommentService).singleton(),
  educationBookmarks: asClass(BookmarkService).singleton(),
  educationFlags: asClass(FlagService).singleton(),
  educationDiscover: asClass(DiscoverService).singleton(),
};
