import { asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { ContainerType, ResolverData } from 'type-graphql';
import type { GraphQLContext, Services, Viewer } from '@commonplace/sdk';

/**
 * The root container holds what lives as long as the process (db, jobs, config...). Each request gets
 * a scope of its own holding the viewer, so services registered `.scoped()` see who is asking.
 */
export function createRootContainer(): AwilixContainer<Services> {
  return createContainer<Services>({ injectionMode: InjectionMode.PROXY, strict: true });
}

export interface RequestFacts {
  viewer: Viewer | null;
  requestId: string;
  ip: string;
}

export function createRequestScope(root: AwilixContainer<Services>, facts: RequestFacts): AwilixContainer<Services> {
  const scope = root.createScope<Services>();
  scope.register({
    viewer: asValue(facts.viewer),
    requestId: asValue(facts.requestId),
    ip: asValue(facts.ip),
  } as never);
  return scope;
}

/**
 * type-graphql asks this for resolver instances. Resolvers are built from the request's scope, so a
 * constructor receives the cradle (`constructor(private readonly services: Services)`), once per request.
 */
export function resolverContainer({ context }: ResolverData<GraphQLContext & { scope: AwilixContainer<Services> }>): ContainerType {
  const built = resolverInstances(context);
  return {
    get(resolverClass: new (services: Services) => unknown) {
      let instance = built.get(resolverClass);
      if (!instance) {
        instance = new resolverClass(context.scope.cradle);
        built.set(resolverClass, instance);
      }
      return instance;
    },
  } as ContainerType;
}

const instancesByContext = new WeakMap<object, Map<unknown, unknown>>();
function resolverInstances(context: object): Map<unknown, unknown> {
  let map = instancesByContext.get(context);
  if (!map) {
    map = new Map();
    instancesByContext.set(context, map);
  }
  return map;
}
