import type { Executor, Services } from '@commonplace/sdk';

/**
 * The instance's services with `db` being a transaction: what a plugin's handler or loader gets when
 * core calls it inside a transaction (the inbox's, an actor Update's), so it reads and writes there.
 * The proxy's target is a plain object, not the services themselves: a proxy over the container's
 * cradle (itself a proxy) made V8 ask the cradle for each property's descriptor on every read, which
 * rolls up every registration, tens of microseconds per read.
 */
export function servicesInTransaction(services: Services, tx: Executor): Services {
  return new Proxy({} as Services, {
    get(_target, property) {
      if (property === 'db') return tx;
      return (services as unknown as Record<PropertyKey, unknown>)[property];
    },
    has(_target, property) {
      return property === 'db' || property in services;
    },
  });
}
