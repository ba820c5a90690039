export { webFingerRoute, renderJrd, JRD_CONTENT_TYPE } from './webfinger.js';
export { parseWebFingerResource, type WebFingerTarget } from './webfinger-resource.js';
export { hostMetaRoutes } from './host-meta.js';
export { nodeInfoRoutes, renderNodeInfo, NODEINFO_VERSIONS, type NodeInfoMetadataContributor, type NodeInfoVersion } from './nodeinfo.js';
export { countUsers, type UserCounts } from './usage-counts.js';
