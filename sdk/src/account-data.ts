/**
 * A person's data, per plugin, for the archive a person downloads (and keeps when they leave).
 * A plugin declares `accountData.export` in its manifest; core asks each enabled plugin that has one.
 */

/** Whose data is asked for: the account and its person actor (the same fields as `account.deleted`). */
export interface AccountDataSubject {
  accountId: string;
  actorId: string;
  /** The person's ActivityPub id, the `attributedTo` of what they made. */
  actorUri: string;
}

/** A JSON value: what an export may hold, so the archive can be written as a file as it is. */
export type AccountDataValue = string | number | boolean | null | AccountDataValue[] | { [key: string]: AccountDataValue };

/**
 * One plugin's part of the archive: JSON, a record per kind of thing the person made. Use ActivityStreams
 * where it fits, e.g. `{ links: { type: 'OrderedCollection', totalItems, orderedItems: [Page, ...] } }`.
 */
export type AccountDataExport = { [kind: string]: AccountDataValue };
