import { describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { createUnionType, Field, FieldResolver, ObjectType, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { definePlugin, type PluginDefinition } from '@commonplace/sdk';
import economicFlows from '@commonplace/plugin-economic-flows';
import educationCommons from '@commonplace/plugin-education-commons';
import { accountsResolvers } from '../../../core/src/accounts/graphql/resolvers.js';
import { federationResolvers } from '../../../core/src/federation/graphql/index.js';
import { buildInstanceSchema } from '../../../core/src/graphql/build-schema.js';
import { claimCovers, graphQLPrefixOf } from '../../../core/src/graphql/type-names.js';
import { BootError } from '../../../core/src/kernel/boot-error.js';

/** Resolvers are only described here, never called. */
const container = { get: () => { throw new Error('no resolver runs while the schema is built'); } };

@ObjectType('CoreThing')
class CoreThing {
  @Field(() => String)
  id!: string;
}

@Resolver()
class CoreResolver {
  @Query(() => CoreThing)
  coreThing(): CoreThing {
    return { id: 'core' };
  }
}

const core = { resolvers: [CoreResolver] };

/** A plugin with one type named `typeName`, reached from a query `<id>Item`; and that type's class. */
function pluginAndType(id: string, typeName: string, names?: readonly string[]): { plugin: PluginDefinition<any>; type: ClassType } {
  @ObjectType(typeName)
  class Item {
    @Field(() => String)
    id!: string;
  }
  @Resolver()
  class ItemResolver {
    @Query(() => Item, { name: `${id.replaceAll('-', '')}Item` })
    item(): Item {
      return { id };
    }
  }
  return { plugin: definePlugin({ id, version: '1.0.0', graphql: { resolvers: [ItemResolver], ...(names ? { names } : {}) } }), type: Item };
}

const pluginWithType = (id: string, typeName: string, names?: readonly string[]) => pluginAndType(id, typeName, names).plugin;

const build = (...plugins: PluginDefinition<any>[]) => buildInstanceSchema({ core, plugins, container });

describe('the GraphQL type naming rule', () => {
  it("a plugin's prefix is the PascalCase of its id, and a claim ending in * covers a namespace", () => {
    expect(graphQLPrefixOf('economic-flows')).toBe('EconomicFlows');
    expect(graphQLPrefixOf('links')).toBe('Links');
    expect(claimCovers('Education*', 'EducationCommunity')).toBe(true);
    expect(claimCovers('Agent', 'AgentRelationship')).toBe(false);
  });

  it('a type that starts with the plugin prefix boots', async () => {
    const schema = await build(pluginWithType('links', 'LinksPage'));
    expect(schema.getType('LinksPage')).toBeDefined();
  });

  it('an undeclared bare name stops boot naming the plugin, the type and both fixes', async () => {
    const attempt = build(pluginWithType('links', 'Page'));
    await expect(attempt).rejects.toThrowError(BootError);
    await expect(attempt).rejects.toThrowError(
      `[links] GraphQL type "Page" does not start with the plugin's prefix "Links". Rename it (@ObjectType('LinksPage')), or, for a public vocabulary the plugin's clients rely on, claim it in the manifest: graphql: { names: ['Page'] }.`,
    );
  });

  it('a bare name the manifest claims boots, exactly or through a namespace', async () => {
    expect((await build(pluginWithType('links', 'Page', ['Page']))).getType('Page')).toBeDefined();
    expect((await build(pluginWithType('education-commons', 'EducationNote', ['Education*']))).getType('EducationNote')).toBeDefined();
  });

  it('two plugins claiming one name stop boot naming both, before either type is built', async () => {
    const attempt = build(pluginWithType('first', 'Agent', ['Agent']), pluginWithType('second', 'SecondAgent', ['Agent']));
    await expect(attempt).rejects.toThrowError(/\[first\] GraphQL name "Agent" is claimed both by plugin "first" and by plugin "second"/);
  });

  it('two plugins defining one type still stop boot naming both', async () => {
    const attempt = build(pluginWithType('first', 'Agent', ['Agent']), pluginWithType('second', 'Agent'));
    await expect(attempt).rejects.toThrowError(/GraphQL type "Agent" is defined by both plugin "first" and plugin "second"/);
  });

  it("a claim of core's type, or into another plugin's prefix, stops boot", async () => {
    await expect(build(pluginWithType('links', 'LinksPage', ['CoreThing']))).rejects.toThrowError(
      /\[links\] graphql.names claims "CoreThing", but core defines the GraphQL type "CoreThing"/,
    );
    await expect(build(pluginWithType('links', 'LinksPage', ['Notes*']), pluginWithType('notes', 'NotesNote'))).rejects.toThrowError(
      /\[links\] graphql.names claims "Notes\*", which reaches into the type names of plugin "notes" \(prefix "Notes"\)/,
    );
    await expect(build(pluginWithType('links', 'LinksPage', ['not a name']))).rejects.toThrowError(/\[links\] graphql.names has "not a name"/);
  });

  it("a dependent that adds a field to a dependency's type owns only the types it adds", async () => {
    // A fresh Proposal class per build: type-graphql keeps a field resolver's field on its type for good.
    const offersAndDependentReturning = (returned: ClassType) => {
      const offers = pluginAndType('offers', 'Proposal', ['Proposal']);
      @Resolver(() => offers.type)
      class NeedsOnProposal {
        @FieldResolver(() => returned)
        need(@Root() root: { id: string }): unknown {
          return { id: root.id };
        }
      }
      return [offers.plugin, definePlugin({ id: 'mutual-aid', version: '1.0.0', dependsOn: ['offers'], graphql: { resolvers: [NeedsOnProposal] } })];
    };
    @ObjectType('MutualAidNeed')
    class MutualAidNeed {
      @Field(() => String)
      id!: string;
    }
    @ObjectType('Need')
    class Need {
      @Field(() => String)
      id!: string;
    }
    const schema = await build(...offersAndDependentReturning(MutualAidNeed));
    expect(Object.keys((schema.getType('Proposal') as GraphQLObjectType).getFields())).toEqual(['id', 'need']);
    await expect(build(...offersAndDependentReturning(Need))).rejects.toThrowError(
      /\[mutual-aid\] GraphQL type "Need" does not start with the plugin's prefix "MutualAid"/,
    );
  });

  it("a plugin's type in a union core defines (as search results are) is still the plugin's", async () => {
    const links = pluginAndType('links', 'Page');
    const CoreResult = createUnionType({ name: 'CoreResult', types: () => [CoreThing, links.type] as const });
    @Resolver()
    class CoreSearch {
      @Query(() => [CoreResult])
      coreResults(): unknown[] {
        return [];
      }
    }
    const attempt = buildInstanceSchema({ core: { resolvers: [CoreResolver, CoreSearch] }, plugins: [links.plugin], container });
    await expect(attempt).rejects.toThrowError(/\[links\] GraphQL type "Page" does not start with the plugin's prefix "Links"/);
  });

  it('economic-flows and education-commons boot beside core under the rule', async () => {
    const schema = await buildInstanceSchema({
      core: { resolvers: [...accountsResolvers, ...federationResolvers()] },
      plugins: [economicFlows, educationCommons] as PluginDefinition<any>[],
      container,
    });
    expect(schema.getType('Agent')).toBeDefined();
    expect(schema.getType('EducationCommunity')).toBeDefined();
  }, 60_000);
});
