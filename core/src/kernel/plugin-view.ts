import { InjectionMode, type AwilixContainer, type Resolver } from 'awilix';
import { CORE_PORT_NAMES, type Executor, type Logger, type PluginConfig, type PluginDefinition, type Services } from '@commonplace/sdk/internal';
import type { CoreServices, PluginPortSet } from '../container/core-cradle.js';
import { BootError } from './boot-error.js';
import { bindPortToTransaction } from './transaction-bound-ports.js';

/**
 * A plugin's view of the instance's container: the sdk's port names (its own logger, config and
 * ports), its own services and what the plugins it depends on export to it. Any other name throws.
 */
export type PluginView = Services & Record<string, unknown>;

declare module '../container/core-cradle.js' {
  interface CoreServices {
    /** Each plugin's views of this container. */
    pluginViews: PluginViews;
  }
}

/** What the kernel knows of one enabled plugin to make its views. */
export interface ViewedPlugin {
  plugin: PluginDefinition<any>;
  config: PluginConfig<unknown>;
  log: Logger;
}

interface PluginEntry extends ViewedPlugin {
  id: string;
  /** Its own service names and their resolvers, as the plugin declared them (built against a view). */
  own: Map<string, Resolver<unknown>>;
  /** Names it may take from the plugins it depends on, with the provider's id. */
  imports: Map<string, string>;
  ports?: PluginPortSet;
}

/** One view: a plugin, the container it reads (the root or a request scope), and, inside a transaction, that transaction. */
interface ViewState {
  entry: PluginEntry;
  container: AwilixContainer;
  tx?: Executor;
  /** In a transaction: the plugin's own services built against this view, and the providers' views in the same transaction. */
  built?: Map<string, unknown>;
  providers?: Map<string, PluginView>;
  /** In a transaction: core's ports with the transaction as their default `tx` (transaction-bound-ports.ts). */
  ports?: Map<string, unknown>;
}

/** Names answered from the container as they are (the viewer and search from the request scope). */
const SHARED_PORTS = new Set(['clock', 'jobs', 'actors', 'federation', 'search', 'viewer']);
const PER_PLUGIN_PORTS = new Set(['scheduler', 'secrets', 'http', 'pubsub', 'lifecycle']);
const CORE_PORTS: ReadonlySet<string> = new Set(CORE_PORT_NAMES);
const PROBED_NAMES: ReadonlySet<string> = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@']);

const states = new WeakMap<object, ViewState>();
/** Containers by their cradle, and core's services-in-a-transaction by the proxy: so `adapt` finds the view for what core passes. */
const containersByCradle = new WeakMap<object, AwilixContainer>();
const transactionServices = new WeakMap<object, { base: object; tx: Executor; views: Map<string, PluginView> }>();

/** Lets `adapt` recognise a container's cradle (the root's, each request scope's). */
export function rememberContainer(container: AwilixContainer): void {
  containersByCradle.set(container.cradle as object, container);
}

/** Lets `adapt` recognise services that core made for a transaction over `base` (servicesInTransaction). */
export function rememberTransactionServices(services: object, base: object, tx: Executor): void {
  transactionServices.set(services, { base, tx, views: new Map() });
}

/**
 * Every enabled plugin's views over one root container. Registered in it as `pluginViews`; its
 * `register` puts each plugin's own services in the root container, built from that plugin's view.
 */
export class PluginViews {
  private readonly entries = new Map<string, PluginEntry>();
  private readonly rootViews = new Map<string, PluginView>();
  private readonly scopeViews = new WeakMap<AwilixContainer, Map<string, PluginView>>();
  /** Service name to the plugin that registered it. */
  private readonly owners = new Map<string, string>();
  /** What `register` put in the root container, to tell whether core replaced it later in boot. */
  private readonly registered = new Map<string, Resolver<unknown>>();

  constructor(
    private readonly root: AwilixContainer,
    plugins: readonly ViewedPlugin[],
  ) {
    rememberContainer(root);
    for (const viewed of plugins) {
      const { plugin } = viewed;
      const own = new Map(Object.entries(plugin.services ?? {}).filter((pair): pair is [string, Resolver<unknown>] => pair[1] !== undefined));
      this.entries.set(plugin.id, { ...viewed, id: plugin.id, own, imports: new Map() });
    }
    for (const entry of this.entries.values()) {
      for (const providerId of entry.plugin.dependsOn ?? []) {
        const provider = this.entries.get(providerId);
        if (!provider) continue; // resolvePlugins already refused a missing dependency
        for (const name of provider.plugin.exports ?? []) {
          if (!provider.own.has(name)) throw new BootError(providerId, `exports "${name}", which is not one of its services.`);
          entry.imports.set(name, providerId);
        }
      }
    }
  }

  /** The plugins' own services, in the root container; a name taken by core, a port or another plugin stops boot. */
  register(): void {
    const taken = new Set(Object.keys(this.root.registrations));
    for (const entry of this.entries.values()) {
      for (const [name, resolver] of entry.own) {
        if (CORE_PORTS.has(name)) throw new BootError(entry.id, `service "${name}" is already registered by core: it is one of the ports every plugin gets.`);
        const owner = this.owners.get(name) ?? (taken.has(name) ? 'core' : undefined);
        if (owner) throw new BootError(entry.id, `service "${name}" is already registered by ${owner === 'core' ? 'core' : `plugin "${owner}"`}.`);
        this.owners.set(name, entry.id);
        const fromView = this.resolverFromView(entry, resolver);
        this.registered.set(name, fromView);
        this.root.register(name, fromView);
      }
    }
  }

  /** Once core registered everything (some of it late in boot): a plugin's service core took over stops boot. */
  assertNoneTakenByCore(): void {
    for (const [name, resolver] of this.registered) {
      if (this.root.registrations[name] !== resolver) throw new BootError(this.owners.get(name)!, `service "${name}" is already registered by core.`);
    }
  }

  has(pluginId: string): boolean {
    return this.entries.has(pluginId);
  }

  /** The plugin that registered a service, if any. */
  ownerOf(name: string): string | undefined {
    return this.owners.get(name);
  }

  /** The plugin's view of `container` (the root when omitted, or a request scope): made once per container. */
  of(pluginId: string, container: AwilixContainer = this.root): PluginView {
    const entry = this.entries.get(pluginId);
    if (!entry) throw new Error(`plugin "${pluginId}" is not enabled`);
    if (container === this.root) {
      let view = this.rootViews.get(pluginId);
      if (!view) this.rootViews.set(pluginId, (view = this.makeView({ entry, container })));
      return view;
    }
    let views = this.scopeViews.get(container);
    if (!views) this.scopeViews.set(container, (views = new Map()));
    let view = views.get(pluginId);
    if (!view) views.set(pluginId, (view = this.makeView({ entry, container })));
    return view;
  }

  /**
   * The plugin's view matching services core holds: a view (of this plugin, or another's, for the
   * same container), a container's cradle, or core's services in a transaction. Anything else gets
   * the root view.
   */
  adapt(pluginId: string, services: unknown): PluginView {
    if (typeof services !== 'object' || services === null) return this.of(pluginId);
    const state = states.get(services);
    if (state) {
      if (state.entry.id === pluginId) return services as PluginView;
      const view = this.of(pluginId, state.container);
      return state.tx ? this.inTransaction(view, state.tx) : view;
    }
    const inTransaction = transactionServices.get(services);
    if (inTransaction) {
      let view = inTransaction.views.get(pluginId);
      if (!view) inTransaction.views.set(pluginId, (view = this.inTransaction(this.adapt(pluginId, inTransaction.base), inTransaction.tx)));
      return view;
    }
    return this.of(pluginId, containersByCradle.get(services) ?? this.root);
  }

  /** A view whose `db` is `tx` and whose own services (and dependencies' exports) are built anew against it. */
  inTransaction(view: PluginView, tx: Executor): PluginView {
    const state = states.get(view)!;
    return this.makeView({ entry: state.entry, container: state.container, tx, built: new Map(), providers: new Map(), ports: new Map() });
  }

  /** Registered in the root container: awilix keeps the lifetime (singleton, scoped) and disposer; the instance is built from the view. */
  private resolverFromView(entry: PluginEntry, resolver: Resolver<unknown>): Resolver<unknown> {
    return {
      ...resolver,
      resolve: (container: AwilixContainer) => buildFrom(resolver, this.of(entry.id, container)),
    } as Resolver<unknown>;
  }

  private makeView(state: ViewState): PluginView {
    const view = new Proxy({} as PluginView, {
      get: (_target, name) => {
        // Symbols, Object's own members and the names code probes objects for (`then` when a view is
        // returned from an async function; test matchers, loggers) are not services.
        if (typeof name === 'symbol' || PROBED_NAMES.has(name)) return undefined;
        if (name in Object.prototype) return (Object.prototype as unknown as Record<string, unknown>)[name];
        return this.read(state, view, name);
      },
      has: (_target, name) => typeof name === 'string' && (CORE_PORTS.has(name) || state.entry.own.has(name) || state.entry.imports.has(name)),
      set: (_target, name) => {
        throw new Error(`[${state.entry.id}] a plugin's services are read-only (tried to set "${String(name)}")`);
      },
    });
    states.set(view, state);
    return view;
  }

  private read(state: ViewState, view: PluginView, name: string): unknown {
    const { entry, container } = state;
    const cradle = container.cradle as CoreServices & Record<string, unknown>;
    if (name === 'db') return state.tx ?? cradle.db;
    if (name === 'log') return entry.log;
    if (name === 'config') return entry.config;
    if (SHARED_PORTS.has(name)) return portInTransaction(state, name, cradle[name]);
    if (name === 'accounts') return cradle.accountsPort.forPlugin(entry.id);
    if (PER_PLUGIN_PORTS.has(name)) return portInTransaction(state, name, this.portsOf(entry)[name as keyof PluginPortSet]);
    const own = entry.own.get(name);
    if (own) {
      if (!state.built) return cradle[name];
      if (!state.built.has(name)) state.built.set(name, buildFrom(own, view));
      return state.built.get(name);
    }
    const providerId = entry.imports.get(name);
    if (providerId) {
      if (!state.tx) return cradle[name];
      let provider = state.providers!.get(providerId);
      if (!provider) state.providers!.set(providerId, (provider = this.inTransaction(this.of(providerId, container), state.tx)));
      return provider[name];
    }
    throw new Error(`[${entry.id}] may not use service "${name}": ${this.whyNot(entry, name)}`);
  }

  private whyNot(entry: PluginEntry, name: string): string {
    const owner = this.owners.get(name);
    if (owner) {
      const exported = (this.entries.get(owner)!.plugin.exports ?? []).includes(name as never);
      if (!exported) return `it is plugin "${owner}"'s own service, which "${owner}" does not export.`;
      return `plugin "${owner}" exports it, but "${entry.id}" does not list "${owner}" in dependsOn.`;
    }
    if (name in this.root.registrations) return `it is internal to core; a plugin sees core's ports (${CORE_PORT_NAMES.join(', ')}).`;
    return `no such service (a plugin sees core's ports, its own services and what the plugins it depends on export).`;
  }


  private portsOf(entry: PluginEntry): PluginPortSet {
    if (!entry.ports) {
      entry.ports = (this.root.cradle as CoreServices).pluginPorts.forPlugin(entry.id);
    }
    return entry.ports;
  }
}

/** A port as a view gives it: as it is outside a transaction; inside one, with the transaction as its methods' default `tx` (made once per view). */
function portInTransaction(state: ViewState, name: string, port: unknown): unknown {
  if (!state.tx) return port;
  let bound = state.ports!.get(name);
  if (bound === undefined) state.ports!.set(name, (bound = bindPortToTransaction(name, port, state.tx)));
  return bound;
}

/** Builds a resolver's value with `view` as its cradle (what awilix's resolvers read of a container). */
function buildFrom(resolver: Resolver<unknown>, view: PluginView): unknown {
  const asContainer = {
    options: { injectionMode: InjectionMode.PROXY },
    cradle: view,
    registrations: {},
    resolve: (name: string) => view[name],
  };
  return resolver.resolve(asContainer as unknown as AwilixContainer);
}

/** The plugin's view of `container` (the root, or a request scope): what core gives the plugin's handlers, loaders and jobs. */
export function pluginViewOf(container: AwilixContainer, pluginId: string): PluginView {
  return (container.cradle as CoreServices).pluginViews.of(pluginId, container);
}

/** Whether `services` is a plugin's view (rather than core's cradle). */
export function isPluginView(services: unknown): services is PluginView {
  return typeof services === 'object' && services !== null && states.has(services);
}

/** The plugin a view belongs to. */
export function pluginOfView(view: PluginView): string {
  const state = states.get(view);
  if (!state) throw new Error('not a plugin view');
  return state.entry.id;
}

/**
 * The view inside a transaction: `db` is `tx`, core's ports (`jobs`, `actors`, `search`,
 * `federation` with its `follows`, `secrets`) take `tx` as the transaction of any call that passes
 * none, and the plugin's own services (and the services its dependencies export to it) are built anew
 * against this view, once per call: so neither a handler that forgets `{ tx }` nor a singleton
 * service waits on the root database (the PGlite deadlock) or writes outside the transaction.
 */
export function viewInTransaction(view: PluginView, tx: Executor): PluginView {
  const state = states.get(view);
  if (!state) throw new Error('viewInTransaction takes a plugin view (pluginViewOf)');
  return (state.container.cradle as CoreServices).pluginViews.inTransaction(view, tx);
}
