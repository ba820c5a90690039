// The like button's browser entry (web.islands.like): core's Vite build bundles it, and a page that
// rendered <Island name="education-commons.like"> loads it.
import { hydrateIslands } from '@commonplace/sdk/web/client';
import { LIKE_ISLAND, LikeButton } from './like-button.js';

hydrateIslands(LIKE_ISLAND, LikeButton);
