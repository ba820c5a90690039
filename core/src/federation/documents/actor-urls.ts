/** The URLs of one local actor's federated resources, all derived from its id. */
export interface ActorUrls {
  id: string;
  inbox: string;
  outbox: string;
  followers: string;
  following: string;
  featured: string;
  sharedInbox: string;
  /** The HTML profile page (the actor's `url`). */
  profile: string;
  rsaKey: string;
  ed25519Key: string;
}

export type ActorCollectionName = 'followers' | 'following' | 'outbox' | 'featured';
export const ACTOR_COLLECTIONS: readonly ActorCollectionName[] = ['followers', 'following', 'outbox', 'featured'];

export function profileUrl(publicUrl: string, username: string): string {
  return `${publicUrl}/@${username}`;
}

export function actorUrls(publicUrl: string, actor: { uri: string; username: string }): ActorUrls {
  const id = actor.uri;
  return {
    id,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    following: `${id}/following`,
    featured: `${id}/featured`,
    sharedInbox: `${publicUrl}/inbox`,
    profile: profileUrl(publicUrl, actor.username),
    rsaKey: `${id}#main-key`,
    ed25519Key: `${id}#ed25519-key`,
  };
}
