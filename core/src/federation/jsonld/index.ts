export { bundledContext, bundledDocumentLoader, BUNDLED_CONTEXT_URLS, type RemoteDocument } from './bundled-contexts.js';
export {
  ACTIVITYSTREAMS_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  PUBLIC_COLLECTION,
  SECURITY_V1_CONTEXT,
  isActivityStreamsDocument,
} from './activitystreams-context.js';
