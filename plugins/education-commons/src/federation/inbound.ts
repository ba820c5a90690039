import type { ActivityPubObject, FederationObjectHandler } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { storeRemoteComment } from './inbound-comments.js';
import { receiveLike, receiveUndo } from './inbound-likes.js';
import { deleteRemote } from './inbound-removals.js';
import { storeRemoteResource } from './inbound-resources.js';
import { EDUCATIONAL_TERMS } from './json-ld-context.js';
import { commonsGroupOf } from './replies.js';
import { commonsObjectPath, isCommonsContextUrl } from './uris.js';
import { idOf } from './wire-values.js';

/**
 * What other servers send about resources and comments. Core has already verified the signature,
 * dropped replays and checked origins (the object lives on the sender's host and is attributed to an
 * actor there) before calling these; each runs inside the inbox's transaction (`services.db`).
 *
 * Copies of remote objects are kept by their ActivityPub id, so a Create, an Announce of the same
 * object and a later Update all land on one row. They are listed to everyone (discover, feeds, search,
 * `replies`), so only objects addressed to the public are kept: a followers-only or direct one is not
 * stored, and an Update that narrows a copy's audience tombstones the copy, as a Delete would.
 *
 * What is turned away or not kept (a non-member's post, comment, like or edit in a community that
 * approves its members, an edit across a block, an object not addressed to the public, one answering
 * nothing held here) is answered `dropActivity(reason)`, so that core's Groups do not relay to their
 * followers what the community itself refused (FEP-1b12).
 */

/** Our resources: a Page or Document that speaks our context or carries educational terms. */
export const resourceObjectHandler: FederationObjectHandler<unknown, EducationCommonsServices> = {
  types: ['Page', 'Document'],
  matches: (object) => speaksCommons(object) || EDUCATIONAL_TERMS.some((term) => term in object),
  on: {
    Create: (activity, object, services) => storeRemoteResource(services, object, activity),
    Update: (activity, object, services) => storeRemoteResource(services, object, activity),
    // A group's bare Announce: core fetched the object from its origin, so it is as good as a Create
    // (but the Announce's addressing is the group's: only the object's own says who may see it).
    Announce: (_activity, object, services) => storeRemoteResource(services, object),
    Delete: (activity, object, services) => deleteRemote(services, activity, object),
    Like: (activity, object, services) => receiveLike(services, activity, object),
    Undo: (activity, undone, services) => receiveUndo(services, activity, undone),
  },
};

/**
 * Comments: Notes answering one of the objects we hold (a resource, a comment, a community or
 * collection). A Note this predicate does not claim (a Mastodon user's) still reaches `on` when it
 * answers, or is addressed to, a community's or collection's Group: core routes it to the plugin whose
 * Group it is (`groupPosts`), and a top-level one there is a comment on that community or collection.
 */
export const commentObjectHandler: FederationObjectHandler<unknown, EducationCommonsServices> = {
  types: ['Note'],
  // Only replies to our objects (by their path, on any Commonplace host): other Notes belong to other plugins.
  matches: (object) => speaksCommons(object) || commonsObjectPath(idOf(object.inReplyTo) ?? '') !== null,
  // Posts into our communities' and collections' Groups, from servers that know nothing of the plugin.
  groupPosts: { owns: async (group, services) => (await commonsGroupOf(services.db, group.id)) !== null },
  on: {
    Create: (activity, object, services) => storeRemoteComment(services, object, activity),
    Update: (activity, object, services) => storeRemoteComment(services, object, activity),
    Announce: (_activity, object, services) => storeRemoteComment(services, object),
    Delete: (activity, object, services) => deleteRemote(services, activity, object),
    Like: (activity, object, services) => receiveLike(services, activity, object),
    Undo: (activity, undone, services) => receiveUndo(services, activity, undone),
  },
};

function speaksCommons(object: ActivityPubObject): boolean {
  const context = object['@context'];
  return (Array.isArray(context) ? context : [context]).some(isCommonsContextUrl);
}
