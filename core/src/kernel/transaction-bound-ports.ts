import type { ActorsPort, Executor, FederationPort, FollowsPort, JobsPort, SearchPort, SecretsPort } from '@commonplace/sdk/internal';

/**
 * Core's shared ports as a plugin sees them inside a transaction (an inbox handler, an actor Update):
 * every method that takes a transaction gets the view's when the caller passes none, so a handler
 * that forgets `{ tx: services.db }` still writes in the inbox's transaction (and rolls back with it)
 * instead of waiting on the root database, which on PGlite, one connection, never comes free. A
 * transaction the caller passes still wins.
 */

/** Where a method takes its transaction: in an options object (`{ tx }`) at `index`, or as the argument at `index`. */
class TxSlot {
  constructor(
    readonly kind: 'options' | 'argument',
    readonly index: number,
  ) {}
}
/** A port's methods that take a transaction, and its members that are ports of their own (`federation.follows`). */
type PortSpec<Port> = { [Name in keyof Port]?: Port[Name] extends (...args: never[]) => unknown ? TxSlot : PortSpec<Port[Name]> };

const options = (index: number): TxSlot => new TxSlot('options', index);
const argument = (index: number): TxSlot => new TxSlot('argument', index);

const FOLLOWS: PortSpec<FollowsPort> = { state: options(2), following: options(1), followers: options(1), isBlocked: options(2) };

/** By view name. A method left out (queries of the search backend, network fetches, dead-letter admin) runs as it is. */
const SPECS: { jobs: PortSpec<JobsPort>; actors: PortSpec<ActorsPort>; search: PortSpec<SearchPort>; federation: PortSpec<FederationPort>; secrets: PortSpec<SecretsPort> } = {
  jobs: { enqueue: options(2) },
  actors: {
    byId: argument(1),
    byUsername: argument(1),
    byUri: argument(1),
    updateProfile: argument(2),
    createLocal: argument(1),
    updateLocal: argument(2),
    deleteLocal: argument(1),
  },
  search: { index: options(1), remove: options(2) },
  federation: {
    publish: options(2),
    publishActorUpdate: options(1),
    followState: options(2),
    followedUris: options(1),
    blockedEitherWay: options(2),
    follows: FOLLOWS,
  },
  secrets: { set: options(2), get: options(1), delete: options(1) },
};

/** The names of the ports `bindPortToTransaction` binds. */
export const TRANSACTION_BOUND_PORTS: ReadonlySet<string> = new Set(Object.keys(SPECS));

/** `port` (one of TRANSACTION_BOUND_PORTS, by its view name) with `tx` as the default transaction of its methods; any other port as it is. */
export function bindPortToTransaction<Port>(name: string, port: Port, tx: Executor): Port {
  if (name === 'scheduler') return refusedInTransaction(port);
  const spec = (SPECS as Record<string, PortSpec<unknown> | undefined>)[name];
  if (!spec || typeof port !== 'object' || port === null) return port;
  return bound(port, spec as Record<string, TxSlot | PortSpec<unknown>>, tx);
}

function bound<Port extends object>(port: Port, spec: Record<string, TxSlot | PortSpec<unknown>>, tx: Executor): Port {
  const members = new Map<PropertyKey, unknown>();
  // A proxy over a plain object (not over the port), answering each member once: methods run on the
  // port itself, so class instances keep their `this`.
  return new Proxy({} as Port, {
    get(_target, name) {
      if (members.has(name)) return members.get(name);
      const value: unknown = Reflect.get(port, name);
      const slot = typeof name === 'string' && Object.hasOwn(spec, name) ? spec[name] : undefined;
      let member: unknown;
      if (typeof value === 'function') {
        const method = value as (...args: unknown[]) => unknown;
        member = slot instanceof TxSlot ? (...args: unknown[]) => method.apply(port, withTransaction(args, slot, tx)) : method.bind(port);
      } else if (slot && !(slot instanceof TxSlot) && typeof value === 'object' && value !== null) {
        member = bound(value, slot as Record<string, TxSlot | PortSpec<unknown>>, tx);
      } else {
        return value; // data: read it each time
      }
      members.set(name, member);
      return member;
    },
    has: (_target, name) => name in port,
  });
}

/** The arguments with `tx` where the method takes it, unless the caller gave one. */
function withTransaction(args: unknown[], slot: TxSlot, tx: Executor): unknown[] {
  const copy = [...args];
  if (slot.kind === 'argument') {
    if (copy[slot.index] === undefined) copy[slot.index] = tx;
    return copy;
  }
  const given = copy[slot.index];
  if (given === undefined || given === null) copy[slot.index] = { tx };
  else if (typeof given === 'object') copy[slot.index] = { ...given, tx: (given as { tx?: Executor }).tx ?? tx };
  return copy;
}

/**
 * The scheduler keeps its schedules in the root database and takes no transaction: inside one (an inbox
 * handler), a call would wait on the root database, which on PGlite never comes free. So each method
 * fails at once, saying what to do instead.
 */
function refusedInTransaction<Port>(port: Port): Port {
  return new Proxy({} as Port & object, {
    get(_target, name) {
      const value: unknown = Reflect.get(port as object, name);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return () => {
        throw new Error(
          `scheduler.${name} may not be called inside a transaction (an inbox handler, an actor update): the scheduler uses the root database, not the transaction. Enqueue one of your jobs ({ tx: services.db }) and change the schedule from that job.`,
        );
      };
    },
  });
}
