import { randomUUID } from 'node:crypto';
import { dropActivity, publicVisibilityOf, type ActivityPubObject, type InboxHandlerResult } from '@commonplace/sdk';
import { linkIdOf } from './activitypub.js';
import { checkedNote, checkedTitle, checkedUrl } from './input.js';
import type { LinksServices } from './services.js';

/**
 * What other servers send about links, in the inbox's transaction (`services.db` is it). Copies of
 * remote people's links are kept only when someone here follows their author and they are public or
 * unlisted; Likes are counted on our own links.
 */

/** A Page this plugin takes: one that points somewhere (`url`), as links are. Lemmy's posts without a link are not ours. */
export function isLinkPage(object: ActivityPubObject): boolean {
  return urlOf(object) !== null;
}

export async function receivePage(activity: ActivityPubObject, page: ActivityPubObject, services: LinksServices): Promise<InboxHandlerResult> {
  const author = stringOf(page.attributedTo) ?? stringOf(activity.actor);
  if (!page.id || !author || author !== stringOf(activity.actor)) return dropActivity('a Page not attributed to its sender');
  if (!publicVisibilityOf(page, activity)) return dropActivity('a Page not addressed to the public');
  // No `tx`: inside the inbox core's ports already use its transaction.
  const followers = await services.federation.follows.followers(author, { limit: 1 });
  if (followers.items.length === 0) return dropActivity('nobody here follows the author of the Page');
  const copy = copyOf(page, services);
  if (!copy) return dropActivity('a Page whose url, title or note is not one a link may have');
  await services.db
    .insertInto('links_remote_pages')
    .values({ id: randomUUID(), uri: page.id, attributed_to: author, ...copy, received_at: services.clock.now() })
    .onConflict((c) => c.column('uri').doUpdateSet(copy).where('links_remote_pages.attributed_to', '=', author))
    .execute();
}

/** An edit of a copy we hold; an edit of one we do not is taken as a Create would be. */
export async function receivePageUpdate(activity: ActivityPubObject, page: ActivityPubObject, services: LinksServices): Promise<InboxHandlerResult> {
  if (page.id && !publicVisibilityOf(page, activity)) {
    // Narrowed to fewer people: the copy no longer belongs in a public list. Only its author narrows it
    // (another person of the same server could otherwise remove anyone's copy).
    const actor = stringOf(activity.actor);
    if (!actor) return;
    await services.db.deleteFrom('links_remote_pages').where('uri', '=', page.id).where('attributed_to', '=', actor).execute();
    return;
  }
  return receivePage(activity, page, services);
}

/** A Delete reaches every handler with Delete: ignore ids we do not hold. */
export async function receiveDelete(activity: ActivityPubObject, object: ActivityPubObject, services: LinksServices): Promise<InboxHandlerResult> {
  const actor = stringOf(activity.actor);
  if (!object.id || !actor) return;
  await services.db.deleteFrom('links_remote_pages').where('uri', '=', object.id).where('attributed_to', '=', actor).execute();
}

/**
 * A Like of one of our links (core routes those to us alone); counted once per actor. A Like of an id
 * that is not a link of ours (a bare id reaches every handler with Like) is someone else's: ignored.
 */
export async function receiveLike(activity: ActivityPubObject, object: ActivityPubObject, services: LinksServices): Promise<InboxHandlerResult> {
  const actor = stringOf(activity.actor);
  const id = object.id ? linkIdOf(services, object.id) : null;
  if (!id) return;
  const link = await services.db.selectFrom('links_links').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!link) return dropActivity('a Like of a deleted link');
  if (!actor || !activity.id) return dropActivity('a Like without an actor or an id');
  await services.db
    .insertInto('links_likes')
    .values({ link_id: link.id, actor_uri: actor, activity_uri: activity.id })
    .onConflict((c) => c.columns(['link_id', 'actor_uri']).doNothing())
    .execute();
}

/** An Undo of a Like (the undone activity is `object`): the sender's Like goes. */
export async function receiveUndo(activity: ActivityPubObject, undone: ActivityPubObject, services: LinksServices): Promise<InboxHandlerResult> {
  const actor = stringOf(activity.actor);
  if (!actor || !undone.id) return;
  if (undone.type !== undefined && undone.type !== 'Like') return;
  await services.db.deleteFrom('links_likes').where('activity_uri', '=', undone.id).where('actor_uri', '=', actor).execute();
}

/** A remote Page's link, read as this plugin writes it (note from `source` when it is plain text), within our limits. */
function copyOf(page: ActivityPubObject, services: LinksServices): { url: string; title: string; note: string; published_at: Date | null } | null {
  const settings = services.config.settings;
  const url = urlOf(page);
  const title = stringOf(page.name);
  if (!url || !title) return null;
  try {
    return {
      url: checkedUrl(url, settings),
      title: checkedTitle(title, settings),
      note: checkedNote(plainNoteOf(page), settings),
      published_at: dateOf(page.published),
    };
  } catch {
    return null;
  }
}

/** The note as typed: `source.content` when it is text/plain. HTML `content` is not turned into text here (no sanitizer in the sdk). */
function plainNoteOf(page: ActivityPubObject): string {
  const source = page.source;
  if (source && typeof source === 'object' && !Array.isArray(source)) {
    const content: unknown = Reflect.get(source, 'content');
    const mediaType: unknown = Reflect.get(source, 'mediaType');
    if (typeof content === 'string' && (mediaType === undefined || mediaType === 'text/plain')) return content;
  }
  return '';
}

function urlOf(object: ActivityPubObject): string | null {
  const url = Array.isArray(object.url) ? object.url[0] : object.url;
  if (typeof url === 'string') return url;
  if (url && typeof url === 'object') {
    const href: unknown = Reflect.get(url, 'href');
    return typeof href === 'string' ? href : null;
  }
  return null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
