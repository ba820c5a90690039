import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import ts from 'typescript';

/** One plugin as the architecture checks see it: its id (its folder's name), its folder and its parsed sources. */
export interface PluginSources {
  id: string;
  root: string;
  /** Its src/ files, parsed once (comments are not part of the tree, so they never count). */
  files: readonly ParsedFile[];
}

export interface ParsedFile {
  path: string;
  source: ts.SourceFile;
}

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** Every plugin folder under `pluginsDir` with a package.json. */
export function readPlugins(pluginsDir: string, folder: 'src' | '.' = 'src'): PluginSources[] {
  if (!existsSync(pluginsDir)) return [];
  return readdirSync(pluginsDir)
    .map((id) => ({ id, root: join(pluginsDir, id) }))
    .filter(({ root }) => existsSync(join(root, 'package.json')))
    .map(({ id, root }) => ({ id, root, files: sourceFiles(join(root, folder)).map(parseFile) }));
}

export function parseFile(path: string): ParsedFile {
  const kind = extname(path) === '.tsx' ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return { path, source: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, kind) };
}

export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : SOURCE_FILE.test(name) ? [path] : [];
  });
}

/** `path:line` of a node, the path relative to `root`. */
export function whereOf(file: ParsedFile, node: ts.Node, root: string): string {
  const line = file.source.getLineAndCharacterOfPosition(node.getStart(file.source)).line + 1;
  return `${relative(root, file.path)}:${line}`;
}

/** Calls `visit` on every node of the file. */
export function walk(file: ParsedFile, visit: (node: ts.Node) => void): void {
  const go = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, go);
  };
  go(file.source);
}

/** The module specifiers a file imports or re-exports, statically or with import()/require(). */
export function importedSpecifiers(file: ParsedFile): { specifier: string; node: ts.Node }[] {
  const found: { specifier: string; node: ts.Node }[] = [];
  walk(file, (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, node });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        found.push({ specifier: (node.arguments[0] as ts.StringLiteralLike).text, node });
      }
    }
  });
  return found;
}
