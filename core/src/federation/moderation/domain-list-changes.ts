/**
 * In-process notice that the domain blocks or the allow-list changed, so every in-memory copy of them
 * (the inbox's, delivery's) is dropped at once in the process that made the change. Keyed by the
 * database handle: two instances in one process (tests) never hear each other.
 */
const listeners = new WeakMap<object, Set<() => void>>();

export function onDomainListsChanged(db: object, listener: () => void): void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
}

export function notifyDomainListsChanged(db: object): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
