/**
 * The readable URLs of the commons' pages, in one place so every link agrees with the routes.
 * Communities and collections go by their Group actor's handle; a resource's page is its
 * ActivityPub id (`/education-commons/resources/<id>`, helper W3's pages).
 */
export const commonsPaths = {
  discover: '/discover',
  feed: '/feed',
  bookmarks: '/bookmarks',
  newCommunity: '/communities/new',
  community: (username: string) => `/c/${encodeURIComponent(username)}`,
  editCommunity: (username: string) => `/c/${encodeURIComponent(username)}/edit`,
  moderation: (username: string) => `/c/${encodeURIComponent(username)}/moderation`,
  newCollection: (communityUsername: string) => `/c/${encodeURIComponent(communityUsername)}/collections/new`,
  collection: (username: string) => `/collections/${encodeURIComponent(username)}`,
  subject: (code: string) => `/subjects/${encodeURIComponent(code)}`,
  addResource: (collectionId: string) => `/education-commons/resources/new?collection=${encodeURIComponent(collectionId)}`,
  resource: (id: string) => `/education-commons/resources/${encodeURIComponent(id)}`,
};
