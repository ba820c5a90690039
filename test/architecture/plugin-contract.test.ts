import { join, resolve } from 'node:path';
import ts from 'typescript';
import * as sdk from '@commonplace/sdk';
import { describe, expect, it } from 'vitest';
import { findForeignTables } from './find-foreign-tables.js';
import {
  findDirectHttp,
  findInternalSdkImports,
  findServicesAugmentations,
  findUndeclaredGraphQL,
  findUntypedAccess,
  readPlugins,
  type ContractBreach,
} from './find-contract-breaches.js';
import { walk, whereOf, type ParsedFile } from './plugin-sources.js';

const root = resolve(import.meta.dirname, '../..');
const plugins = readPlugins(join(root, 'plugins'));
/** Two plugins that break, and keep, the rules on purpose; each test's second half scans them. */
const FIXTURE = 'test/fixtures/architecture/plugins';
const fixturePlugins = readPlugins(join(root, FIXTURE));

/**
 * The views core offers plugins to join (issue 21, item 12: a joinable view of follows for timelines).
 * The sdk names them in CORE_VIEWS_FOR_PLUGINS; until that constant exists, the follows view is the one.
 */
function coreViewsForPlugins(): ReadonlySet<string> {
  const offered: unknown = Reflect.get(sdk, 'CORE_VIEWS_FOR_PLUGINS');
  const names = Array.isArray(offered) && offered.every((name) => typeof name === 'string') ? offered : ['core_follows_accepted'];
  return new Set(names);
}

/**
 * Where a plugin reaches past its view to core's container (issue 21, items 1 and 14): a request's
 * awilix scope (`request.scope`, `x.scope.cradle`) or the GraphQL context's services
 * (`context.services.x`). A route calls `context.services(request)`; a resolver gets its view in its
 * constructor.
 */
function findContainerReaches(files: readonly ParsedFile[], repoRoot: string): ContractBreach[] {
  const found: ContractBreach[] = [];
  const holder = (node: ts.Expression) => (ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : null);
  for (const file of files) {
    walk(file, (node) => {
      if (!ts.isPropertyAccessExpression(node)) return;
      const name = node.name.text;
      const on = holder(node.expression);
      let breach: string | null = null;
      if (name === 'cradle' && on === 'scope') breach = "reads an awilix scope's cradle (core's container)";
      else if (name === 'scope' && (on === 'request' || on === 'req')) breach = "reads the request's awilix scope (core's); use context.services(request)";
      else if (name === 'services' && (on === 'context' || on === 'ctx')) {
        const called = ts.isCallExpression(node.parent) && node.parent.expression === node;
        if (!called) breach = "reads the context's services; a resolver gets its view in its constructor, a route calls context.services(request)";
      }
      if (breach) found.push({ where: whereOf(file, node, repoRoot), breach });
    });
  }
  return found;
}

const listed = (breaches: readonly ContractBreach[]) => breaches.map(({ where, breach }) => `${where}: ${breach}`);

/* Issue 21: a plugin sees only its own tables, the sdk's ports and what the plugins it depends on export. */
describe('the plugin contract', () => {
  describe("a plugin's queries name only its own tables (item 2)", () => {
    it('no plugin names a table of core or of another plugin', () => {
      const found = findForeignTables(join(root, 'plugins'), root, coreViewsForPlugins());
      expect(found.map(({ where, table, owner }) => `${where}: ${table} (${owner}'s)`)).toEqual([]);
    });

    it('the check itself finds names in selectFrom, joins, raw sql, constants and a Tables type, and lets the follows view and own tables pass', () => {
      const found = findForeignTables(join(root, FIXTURE), root, new Set(['core_follows_accepted']));
      const file = `${FIXTURE}/rule-breaker/src/queries.ts`;
      expect(found.map(({ where, table, owner }) => [where, table, owner])).toEqual([
        [`${file}:8`, 'core_actors', 'core'],
        [`${file}:9`, 'core_outbox', 'core'],
        [`${file}:9`, 'core_outbox', 'core'],
        [`${file}:10`, 'other_owner_notes', 'other-owner'],
        [`${file}:11`, 'core_accounts', 'core'],
        [`${file}:19`, 'core_actors', 'core'],
      ]);
    });
  });

  describe('nothing augments the sdk Services type (item 1)', () => {
    it('no `declare module "@commonplace/sdk"` adds to Services in core or the plugins', () => {
      const found = findServicesAugmentations([join(root, 'core'), join(root, 'plugins')], root);
      expect(listed(found)).toEqual([]);
    });

    it('the check itself finds the augmentation in the fixture', () => {
      const found = findServicesAugmentations([join(root, FIXTURE)], root);
      expect(found.map(({ where }) => where)).toEqual([`${FIXTURE}/rule-breaker/src/contract.ts:7`]);
    });
  });

  describe('typed access only (item 3)', () => {
    it("no plugin casts its database, a transaction, its services or a query's input to any or never", () => {
      expect(listed(findUntypedAccess(plugins, root))).toEqual([]);
    });

    it('the check itself finds `as any`, `as never` and `<any>` on services, the database and an insert, and passes a cast of a parsed value', () => {
      const found = findUntypedAccess(fixturePlugins, root).map(({ where, breach }) => `${where}: ${breach.split(':')[0]}`);
      const file = `${FIXTURE}/rule-breaker/src/contract.ts`;
      expect(found).toEqual([
        `${file}:17: casts the database or services`,
        `${file}:18: casts the database or services`,
        `${file}:19: casts what a query is given`,
        `${file}:20: casts the database or services`,
      ]);
    });
  });

  describe('the sdk internal entry is core’s (item 15)', () => {
    it('no plugin imports @commonplace/sdk/internal', () => {
      expect(listed(findInternalSdkImports(readPlugins(join(root, 'plugins'), '.'), root))).toEqual([]);
    });

    it('the check itself finds the import in the fixture', () => {
      expect(findInternalSdkImports(fixturePlugins, root).map(({ where }) => where)).toEqual([`${FIXTURE}/rule-breaker/src/contract.ts:5`]);
    });
  });

  describe('outbound HTTP goes through services.http (item 8)', () => {
    it("no plugin's src calls fetch, http.request or an HTTP client library", () => {
      expect(listed(findDirectHttp(plugins, root))).toEqual([]);
    });

    it('the check itself finds fetch, http.request and undici, and passes services.http', () => {
      const found = findDirectHttp(fixturePlugins, root).map(({ where, breach }) => `${where}: ${breach.split(';')[0]}`);
      const file = `${FIXTURE}/rule-breaker/src/contract.ts`;
      expect(found).toEqual([`${file}:3: imports undici`, `${file}:22: calls the global fetch`, `${file}:23: calls http.request`]);
    });
  });

  describe('plugins declare what they import (item 5)', () => {
    it('a plugin whose src imports type-graphql or graphql declares them in its package.json', () => {
      expect(listed(findUndeclaredGraphQL(plugins, root))).toEqual([]);
    });

    it('the check itself finds the fixture that imports type-graphql undeclared', () => {
      expect(listed(findUndeclaredGraphQL(fixturePlugins, root))).toEqual([
        `${FIXTURE}/rule-breaker/package.json: does not declare type-graphql, which src/contract.ts imports`,
      ]);
    });
  });

  describe("no plugin reaches core's container past its view (items 1, 14)", () => {
    it('no plugin src reads request.scope, a scope cradle, or context.services / ctx.services', () => {
      expect(listed(findContainerReaches(plugins.flatMap((plugin) => plugin.files), root))).toEqual([]);
    });

    it('the check itself finds each reach, and passes context.services(request) and a resolver view', () => {
      const text = [
        'const a = request.scope.cradle.federationCore;', // 1: scope and cradle
        'const b = ctx.services.economicFlows;', // 2
        'const c = context.services.db;', // 3
        'const d = context.services(request).links;', // allowed
        'const e = this.services.links;', // allowed
        'const f = req.scope;', // 6
      ].join('\n');
      const file: ParsedFile = { path: join(root, 'plugins/x/src/reach.ts'), source: ts.createSourceFile('reach.ts', text, ts.ScriptTarget.Latest, true) };
      expect(findContainerReaches([file], root).map(({ where }) => where)).toEqual([
        'plugins/x/src/reach.ts:1',
        'plugins/x/src/reach.ts:1',
        'plugins/x/src/reach.ts:2',
        'plugins/x/src/reach.ts:3',
        'plugins/x/src/reach.ts:6',
      ]);
    });
  });
});
