import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { importedSpecifiers, parseFile, readPlugins, sourceFiles, walk, whereOf, type ParsedFile, type PluginSources } from './plugin-sources.js';

/** One place a plugin (or core) steps outside the plugin contract of issue 21. */
export interface ContractBreach {
  where: string;
  breach: string;
}

/**
 * `declare module '@commonplace/sdk' { interface Services ... }` in the given folders: augmenting the
 * sdk's `Services` hands every plugin whatever was added (core's internals, a plugin's services).
 * Core types its cradle in core/src/container/core-cradle.ts; a plugin declares its own services type.
 */
export function findServicesAugmentations(folders: readonly string[], repoRoot: string): ContractBreach[] {
  return folders.flatMap((folder) => sourceFiles(folder)).map(parseFile).flatMap((file) => {
    const found: ContractBreach[] = [];
    walk(file, (node) => {
      if (!ts.isModuleDeclaration(node) || !ts.isStringLiteral(node.name) || node.name.text !== '@commonplace/sdk') return;
      const body = node.body;
      if (body && ts.isModuleBlock(body) && body.statements.some((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === 'Services')) {
        found.push({ where: whereOf(file, node, repoRoot), breach: `augments the sdk's Services; declare the plugin's own services type (PluginServices<Tables, Settings> & ...) instead` });
      }
    });
    return found;
  });
}

/** Names that hold a database, a transaction or a services object in our code. */
const HOLDERS = new Set(['db', 'database', 'tx', 'trx', 'executor', 'services', 'cradle', 'view', 'container']);

/**
 * `as any`, `as never` and `<any>` casts on a database, a transaction or services in plugins' src,
 * or on what a query is given (`.values(row as never)`): each hides a query the plugin's typed
 * database would refuse, or a service it was not given.
 */
export function findUntypedAccess(plugins: readonly PluginSources[], repoRoot: string): ContractBreach[] {
  return plugins.flatMap((plugin) => plugin.files.flatMap((file) => untypedAccessIn(file, repoRoot)));
}

function untypedAccessIn(file: ParsedFile, repoRoot: string): ContractBreach[] {
  const found: ContractBreach[] = [];
  walk(file, (node) => {
    if (!ts.isAsExpression(node) && !ts.isTypeAssertionExpression(node)) return;
    const kind = node.type.kind;
    if (kind !== ts.SyntaxKind.AnyKeyword && kind !== ts.SyntaxKind.NeverKeyword) return;
    const cast = `${node.expression.getText(file.source).replace(/\s+/g, ' ').slice(0, 60)} as ${kind === ts.SyntaxKind.AnyKeyword ? 'any' : 'never'}`;
    if (holderOf(node.expression)) {
      found.push({ where: whereOf(file, node, repoRoot), breach: `casts the database or services: (${cast})` });
    } else if (isQueryArgument(node)) {
      found.push({ where: whereOf(file, node, repoRoot), breach: `casts what a query is given: (${cast})` });
    }
  });
  return found;
}

/** The holder an expression starts from: `tx`, `this.db`, `services.db`, `this.services.x`... */
function holderOf(expression: ts.Expression): string | null {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else if (ts.isIdentifier(current)) return HOLDERS.has(current.text) ? current.text : null;
    else if (ts.isPropertyAccessExpression(current)) {
      if (HOLDERS.has(current.name.text)) return current.name.text;
      current = current.expression;
    } else return null;
  }
}

/** Whether a cast is an argument of a call on a query builder rooted at a holder: `tx.insertInto(t).values(x as never)`. */
function isQueryArgument(node: ts.Node): boolean {
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent))) parent = parent.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.some((argument) => argument.pos <= node.pos && node.end <= argument.end)) return false;
  let callee: ts.Expression = parent.expression;
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee) || ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAwaitExpression(callee)) {
    if (ts.isIdentifier(callee.expression) && HOLDERS.has(callee.expression.text)) return true;
    if (ts.isPropertyAccessExpression(callee) && HOLDERS.has(callee.name.text) && callee !== parent.expression) return true;
    callee = callee.expression;
  }
  return false;
}

/** `@commonplace/sdk/internal` is core's entry into the sdk (what only the kernel needs); no plugin imports it. */
export function findInternalSdkImports(plugins: readonly PluginSources[], repoRoot: string): ContractBreach[] {
  return plugins.flatMap((plugin) =>
    plugin.files.flatMap((file) =>
      importedSpecifiers(file)
        .filter(({ specifier }) => specifier === '@commonplace/sdk/internal' || specifier.startsWith('@commonplace/sdk/internal/'))
        .map(({ node }) => ({ where: whereOf(file, node, repoRoot), breach: 'imports @commonplace/sdk/internal, which is core\'s; use the public @commonplace/sdk' })),
    ),
  );
}

/** HTTP clients that go around core's SSRF guard and its limits. */
const HTTP_CLIENT_MODULES = new Set(['undici', 'node-fetch', 'axios', 'got', 'ky', 'cross-fetch']);
const NODE_HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2']);

/** A global `fetch(`, `http.request`/`https.get`, or an HTTP client library: a plugin's outbound requests go through `services.http`. */
export function findDirectHttp(plugins: readonly PluginSources[], repoRoot: string): ContractBreach[] {
  return plugins.flatMap((plugin) => plugin.files.flatMap((file) => directHttpIn(file, repoRoot)));
}

function directHttpIn(file: ParsedFile, repoRoot: string): ContractBreach[] {
  const found: ContractBreach[] = [];
  const breach = (node: ts.Node, what: string) => found.push({ where: whereOf(file, node, repoRoot), breach: `${what}; use services.http (core's SSRF guard and limits)` });
  const nodeHttpNames = new Set<string>();
  // An island's browser code (it imports the sdk's client entry) calls the browser's fetch, to the
  // page's own origin: the server-side SSRF rule is not about it.
  const browserCode = importedSpecifiers(file).some(({ specifier }) => specifier === '@commonplace/sdk/web/client');
  for (const { specifier, node } of importedSpecifiers(file)) {
    if (HTTP_CLIENT_MODULES.has(specifier) || specifier.startsWith('undici/')) breach(node, `imports ${specifier}`);
    if (NODE_HTTP_MODULES.has(specifier) && ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      if (clause?.name) nodeHttpNames.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) nodeHttpNames.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (!element.isTypeOnly && (imported === 'request' || imported === 'get')) breach(element, `imports ${imported} from ${specifier}`);
        }
      }
    }
  }
  walk(file, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression;
    if (ts.isIdentifier(callee) && callee.text === 'fetch' && !browserCode && !declaredAround(node, 'fetch')) breach(node, 'calls the global fetch');
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const [object, method] = [callee.expression.text, callee.name.text];
      if ((object === 'globalThis' || object === 'window') && method === 'fetch') breach(node, `calls ${object}.fetch`);
      if (nodeHttpNames.has(object) && (method === 'request' || method === 'get')) breach(node, `calls ${object}.${method}`);
    }
  });
  return found;
}

/** Whether `name` is a parameter, variable, function or import in a scope around `node` (a loader's `fetch` argument is not the global). */
function declaredAround(node: ts.Node, name: string): boolean {
  const declares = (declaration: ts.Node): boolean => {
    if (ts.isVariableStatement(declaration)) return declaration.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return declaration.name?.text === name;
    if (ts.isImportDeclaration(declaration)) {
      const clause = declaration.importClause;
      const bindings = clause?.namedBindings;
      return clause?.name?.text === name || (!!bindings && (ts.isNamespaceImport(bindings) ? bindings.name.text === name : bindings.elements.some((e) => e.name.text === name)));
    }
    return false;
  };
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return true;
    if ((ts.isBlock(scope) || ts.isSourceFile(scope)) && scope.statements.some(declares)) return true;
  }
  return false;
}

const GRAPHQL_PACKAGES = ['type-graphql', 'graphql'] as const;

/** A plugin whose src imports type-graphql or graphql declares them in its package.json (dependencies or peerDependencies), not by hoisting. */
export function findUndeclaredGraphQL(plugins: readonly PluginSources[], repoRoot: string): ContractBreach[] {
  return plugins.flatMap((plugin) => {
    const manifest = join(plugin.root, 'package.json');
    const pkg = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>) : {};
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    return GRAPHQL_PACKAGES.flatMap((name) => {
      if (declared.has(name)) return [];
      const user = plugin.files.find((file) => importedSpecifiers(file).some(({ specifier }) => specifier === name || specifier.startsWith(`${name}/`)));
      if (!user) return [];
      return [{ where: relative(repoRoot, manifest), breach: `does not declare ${name}, which ${relative(plugin.root, user.path)} imports` }];
    });
  });
}

export { readPlugins };
