import { asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { ContainerType, ResolverData } from 'type-graphql';
import type { ClassType, GraphQLContext, Viewer } from '@commonplace/sdk/internal';
import type { CoreServices } from './core-cradle.js';
import { pluginViewOf, rememberContainer } from '../kernel/plugin-view.js';

/**
 * The root container holds what lives as long as the process (db, jobs, config...). Each request gets
 * a scope of its own holding the viewer, so services registered `.scoped()` see who is asking.
 */
export function createRootContainer(): AwilixContainer<CoreServices> {
  return createContainer<CoreServices>({ injectionMode: InjectionMode.PROXY, strict: true });
}

export interface RequestFacts {
  viewer: Viewer | null;
  requestId: string;
  ip: string;
}

export function createRequestScope(root: AwilixContainer<CoreServices>, facts: RequestFacts): AwilixContainer<CoreServices> {
  const scope = root.createScope<CoreServices>();
  scope.register({
    viewer: asValue(facts.viewer),
    requestId: asValue(facts.requestId),
    ip: asValue(facts.ip),
  } as never);
  rememberContainer(scope);
  return scope;
}

type ResolverContext = GraphQLContext & { scope: AwilixContainer<CoreServices> };

/**
 * What type-graphql asks for resolver instances. Resolvers are built once per request from the
 * request's scope: a plugin's resolver (`owners` says whose) gets that plugin's view of it
 * (`constructor(private readonly services: MyServices)`), core's resolvers get core's cradle.
 */
export function resolverContainerFor(owners: ReadonlyMap<ClassType, string>) {
  return ({ context }: ResolverData<ResolverContext>): ContainerType => {
    const built = resolverInstances(context);
    return {
      get(resolverClass: new (services: unknown) => unknown) {
        let instance = built.get(resolverClass);
        if (!instance) {
          const owner = owners.get(resolverClass);
          instance = new resolverClass(owner ? pluginViewOf(context.scope, owner) : context.scope.cradle);
          built.set(resolverClass, instance);
        }
        return instance;
      },
    } as ContainerType;
  };
}

/** Core's resolvers only (every class gets core's cradle): for schemas without plugins. */
export const resolverContainer = resolverContainerFor(new Map());

const instancesByContext = new WeakMap<object, Map<unknown, unknown>>();
function resolverInstances(context: object): Map<unknown, unknown> {
  let map = instancesByContext.get(context);
  if (!map) {
    map = new Map();
    instancesByContext.set(context, map);
  }
  return map;
}
