import type { Executor } from '@commonplace/sdk';
import { isPluginView, rememberTransactionServices, viewInTransaction } from '../kernel/plugin-view.js';

export { pluginViewOf, viewInTransaction, type PluginView } from '../kernel/plugin-view.js';

/**
 * Services with `db` being a transaction: what a handler or loader gets when core calls it inside a
 * transaction (the inbox's, an actor Update's), so it reads and writes there. A plugin's view goes
 * through `viewInTransaction`, which also rebuilds the plugin's own services against the transaction;
 * anything else (core's cradle) only has `db` replaced.
 * The proxy's target is a plain object, not the services themselves: a proxy over the container's
 * cradle (itself a proxy) made V8 ask the cradle for each property's descriptor on every read, which
 * rolls up every registration, tens of microseconds per read.
 */
export function servicesInTransaction<S extends object>(services: S, tx: Executor): S {
  if (isPluginView(services)) return viewInTransaction(services, tx) as unknown as S;
  const proxy = new Proxy({} as S, {
    get(_target, property) {
      if (property === 'db') return tx;
      return (services as Record<PropertyKey, unknown>)[property];
    },
    has(_target, property) {
      return property === 'db' || property in services;
    },
  });
  // A plugin handler given these gets its own view in the same transaction (PluginViews.adapt).
  rememberTransactionServices(proxy, services, tx);
  return proxy;
}
