import { asClass } from '@commonplace/sdk';
import { CollectionService } from './collections/collection-service.js';
import { CommunityService } from './communities/community-service.js';
import { DiscoverService } from './discover/discover-service.js';
import { ResourceService } from './resources/resource-service.js';
import { BookmarkService } from './social/bookmarks.js';
import { CommentService } from './social/comments.js';
import { FlagService } from './social/flags.js';
import { LikeService } from './social/likes.js';

// Resolvers, routes and jobs ask the container for these by name.
declare module '@commonplace/sdk' {
  interface Services {
    educationCommunities: CommunityService;
    educationCollections: CollectionService;
    educationResources: ResourceService;
    educationLikes: LikeService;
    educationComments: CommentService;
    educationBookmarks: BookmarkService;
    educationFlags: FlagService;
    educationDiscover: DiscoverService;
  }
}

/**
 * The plugin's services. They hold no per-request state (resolvers pass the viewer in), so each is a
 * singleton over the root container's services.
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
