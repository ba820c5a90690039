import type { Executor } from '@commonplace/sdk';

/**
 * The plugin's tables, all prefixed `education_commons_` (see migrations/). Local and remote objects
 * share a table: `origin_host` is null for ours and the peer's host for copies received over
 * federation, and `uri` is the ActivityPub id either way.
 */
export type TargetKind = 'community' | 'collection' | 'resource' | 'comment';
export type CommunityRole = 'owner' | 'moderator' | 'member';
export type MembershipState = 'accepted' | 'pending';
export type ResourceKind = 'link' | 'file';

export interface CommunityRow {
  id: string;
  /** The core Group actor that federates the community (FEP-1b12), its handle and its ActivityPub id. */
  actor_id: string;
  username: string;
  actor_uri: string;
  name: string;
  summary: string | null;
  language: string | null;
  icon_url: string | null;
  owner_actor_id: string;
  requires_approval: boolean;
  featured: boolean;
  /** Bumped by new resources and comments: "active communities" sorts on it. */
  last_activity_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface MemberRow {
  community_id: string;
  actor_id: string;
  role: CommunityRole;
  state: MembershipState;
  created_at: Date;
}

export interface CollectionRow {
  id: string;
  /** A collection is followable too: it has a Group actor of its own, as in MoodleNet. */
  actor_id: string;
  username: string;
  actor_uri: string;
  /** Null for a collection a person keeps outside any community. */
  community_id: string | null;
  owner_actor_id: string;
  name: string;
  summary: string | null;
  featured: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ResourceRow {
  id: string;
  uri: string;
  origin_host: string | null;
  collection_id: string | null;
  community_id: string | null;
  /** The Group a remote resource was posted to (its `audience`); for local ones, the community's actor URI. */
  community_uri: string | null;
  author_actor_id: string | null;
  author_uri: string;
  kind: ResourceKind;
  name: string;
  summary: string | null;
  url: string;
  media_type: string | null;
  upload_id: string | null;
  licence: string;
  language: string | null;
  level: string | null;
  subject: string | null;
  resource_type: string | null;
  learning_outcomes: string[];
  credited_author: string | null;
  original_url: string | null;
  derived_from_id: string | null;
  derived_from_uri: string | null;
  like_count: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface CommentRow {
  id: string;
  uri: string;
  origin_host: string | null;
  target_kind: Exclude<TargetKind, 'comment'>;
  target_id: string;
  community_id: string | null;
  in_reply_to_id: string | null;
  author_actor_id: string | null;
  author_uri: string;
  content: string;
  like_count: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface LikeRow {
  id: string;
  target_kind: TargetKind;
  target_id: string;
  actor_id: string | null;
  actor_uri: string;
  activity_uri: string;
  created_at: Date;
}

export interface BookmarkRow {
  actor_id: string;
  target_kind: TargetKind;
  target_id: string;
  created_at: Date;
}

export interface FlagRow {
  id: string;
  target_kind: TargetKind;
  target_id: string;
  community_id: string | null;
  /** A person here; null for a report another server forwarded. */
  reporter_actor_id: string | null;
  /** The remote actor (usually a server's instance actor) that sent a forwarded report. */
  reporter_uri: string | null;
  reason: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface SubjectFollowRow {
  actor_id: string;
  subject: string;
  created_at: Date;
}

/** Who uploaded which stored file: a resource may only use its poster's own uploads. */
export interface UploadRow {
  key: string;
  uploader_actor_id: string;
  content_type: string;
  size: number;
  filename: string | null;
  thumbnail_key: string | null;
  created_at: Date;
}

export interface EducationCommonsTables {
  education_commons_uploads: UploadRow;
  education_commons_communities: CommunityRow;
  education_commons_members: MemberRow;
  education_commons_collections: CollectionRow;
  education_commons_resources: ResourceRow;
  education_commons_comments: CommentRow;
  education_commons_likes: LikeRow;
  education_commons_bookmarks: BookmarkRow;
  education_commons_flags: FlagRow;
  education_commons_subject_follows: SubjectFollowRow;
}

/** The database or a transaction in it, typed with the plugin's tables: what helpers that may run in a transaction take. */
export type CommonsExecutor = Executor<EducationCommonsTables>;
