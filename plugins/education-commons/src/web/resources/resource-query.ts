/** The resource page's data: one GraphQL document, run as the viewer (the API's rules decide what shows). */

export interface Term {
  code: string;
  name: string;
}

export interface CommentView {
  id: string;
  content: string;
  authorUri: string;
  createdAt: string;
  deleted: boolean;
  replies?: { nodes: CommentView[] };
}

export interface ResourceView {
  id: string;
  uri: string;
  kind: 'LINK' | 'FILE';
  name: string;
  summary: string | null;
  url: string;
  mediaType: string | null;
  language: string | null;
  learningOutcomes: string[];
  author: string | null;
  originalUrl: string | null;
  derivedFromUri: string | null;
  postedByUri: string;
  originHost: string | null;
  likeCount: number;
  deleted: boolean;
  createdAt: string;
  viewerHasLiked: boolean;
  licence: { id: string; name: string; url: string; open: boolean } | null;
  level: Term | null;
  subject: Term | null;
  type: Term | null;
  collection: { id: string; name: string } | null;
  community: { id: string; name: string } | null;
  derivedFrom: { id: string; name: string; deleted: boolean } | null;
  derivatives: { nodes: Array<{ id: string; name: string; deleted: boolean }> };
  comments: { nodes: CommentView[] };
}

export interface ResourcePageData {
  resource: ResourceView | null;
  /** Who is looking (null when anonymous): whether the edit link is theirs to see. */
  me: { roles: string[]; actor: { uri: string } } | null;
}

// Replies nest three levels here; deeper ones are still answered on their thread (commentDepth caps it).
const COMMENT = 'id content authorUri createdAt deleted';
const THREAD = `${COMMENT} replies(first: 50) { nodes { ${COMMENT} replies(first: 50) { nodes { ${COMMENT} replies(first: 50) { nodes { ${COMMENT} } } } } } }`;

export const RESOURCE_PAGE_QUERY = `query EducationResourcePage($id: ID!) {
  resource(id: $id) {
    id uri kind name summary url mediaType language learningOutcomes author originalUrl derivedFromUri postedByUri originHost
    likeCount deleted createdAt viewerHasLiked
    licence { id name url open }
    level { code name }
    subject { code name }
    type { code name }
    collection { id name }
    community { id name }
    derivedFrom { id name deleted }
    derivatives(first: 20) { nodes { id name deleted } }
    comments(first: 50) { nodes { ${THREAD} } }
  }
  me { roles actor { uri } }
}`;

/** The path of a resource's page, which is also its ActivityPub id's path. */
export const resourcePath = (id: string) => `/education-commons/resources/${id}`;

/** `alice@host` for an actor URI: its last path segment (or `@name`) and its host. */
export function actorLabel(uri: string): string {
  try {
    const url = new URL(uri);
    const last = url.pathname.split('/').filter(Boolean).pop() ?? url.host;
    return `${last.replace(/^@/, '')}@${url.host}`;
  } catch {
    return uri;
  }
}
