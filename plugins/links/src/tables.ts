import type { Generated } from '@commonplace/sdk';

/** The plugin's tables, as its migrations make them (every name starts with `links_`). */
export interface LinksTables {
  /** Links saved by local people. A deleted link keeps its row (deleted_at) so its id answers 410 with a Tombstone. */
  links_links: {
    id: string;
    owner_actor_id: string;
    /** The owner's ActivityPub id, the Page's attributedTo. */
    owner_uri: string;
    url: string;
    title: string;
    note: string;
    created_at: Date;
    updated_at: Date;
    deleted_at: Date | null;
  };
  /** Likes of our links from other servers, one per actor and link. */
  links_likes: {
    link_id: string;
    actor_uri: string;
    activity_uri: string;
    created_at: Generated<Date>;
  };
  /** Copies of remote people's links (Pages with a url) that reached this instance. */
  links_remote_pages: {
    id: string;
    uri: string;
    attributed_to: string;
    url: string;
    title: string;
    note: string;
    published_at: Date | null;
    received_at: Date;
  };
}

export type LinkRow = LinksTables['links_links'];
export type RemotePageRow = LinksTables['links_remote_pages'];
