import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface OutsideRead {
  /** `path:line`, the path relative to the repository root. */
  where: string;
  literal: string;
  reason: string;
}

/** Where the project's code and tests live; everything they read must be under the root too. */
export const SCANNED_FOLDERS = ['core', 'sdk', 'plugins', 'test', 'instances', 'scripts'] as const;

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git']);
/** The workplace's fixture collection beside the repository, however the path reaches it. */
const SHARED_FIXTURES = /(^|[^\w-])shared\/fixtures(\/|$)/;
/** An absolute path of a machine (this workplace's /work, anybody's home), alone or in a file: URL. */
const MACHINE_PATH = /(^|file:\/\/|[\s=:(,;'"])\/(work|home)\//;

/**
 * Every string in the code and tests under `root` that names a file outside it: the fixture collection
 * beside the repository (`../shared/fixtures`), a relative path that climbs above the root, or an
 * absolute `/work/` or `/home/` path. A clone elsewhere has none of those. Comments are not read.
 */
export function findOutsideReads(root: string, options: { skip?: readonly string[] } = {}): OutsideRead[] {
  const skipped = new Set((options.skip ?? []).map((path) => resolve(root, path)));
  const files = SCANNED_FOLDERS.flatMap((folder) => sourceFiles(join(root, folder), skipped));
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return mayReadOutside(text, file, root) ? outsideReadsIn(text, file, root) : [];
  });
}

/**
 * A cheap look at the raw text before parsing (parsing every file takes seconds): does it name the
 * fixture collection or a machine path, or hold a run of `..` long enough to climb above the root?
 */
function mayReadOutside(text: string, file: string, root: string): boolean {
  if (/shared\/fixtures|\/(work|home)\//.test(text)) return true;
  const depth = relative(root, dirname(file)).split(sep).length;
  const longestClimb = Math.max(0, ...[...text.matchAll(/(?:\.\.\/)*\.\.(?![\w.])/g)].map(([run]) => run.split('/').length));
  return longestClimb > depth;
}

function outsideReadsIn(text: string, file: string, root: string): OutsideRead[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const found: OutsideRead[] = [];
  const visit = (node: ts.Node): void => {
    const literal = literalText(node);
    if (literal !== undefined) {
      const reason = judge(literal, file, root);
      if (reason) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ where: `${relative(root, file)}:${line}`, literal, reason });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The text of a string literal or of a template literal's literal parts. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return undefined;
}

function judge(literal: string, file: string, root: string): string | null {
  if (SHARED_FIXTURES.test(literal)) return 'names the fixture collection beside the repository; copy the file into test/fixtures';
  if (MACHINE_PATH.test(literal)) return 'names an absolute path of one machine';
  if (literal === '..' || literal.startsWith('../')) {
    const target = resolve(dirname(file), literal);
    if (target !== root && !target.startsWith(root + sep)) return 'climbs out of the repository by relative path';
  }
  return null;
}

function scriptKind(file: string): ts.ScriptKind {
  const extension = extname(file);
  if (extension === '.tsx') return ts.ScriptKind.TSX;
  if (/\.[cm]?js$/.test(extension)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function sourceFiles(dir: string, skipped: ReadonlySet<string>): string[] {
  if (!existsSync(dir) || skipped.has(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIPPED_FOLDERS.has(name) || skipped.has(path)) return [];
    return statSync(path).isDirectory() ? sourceFiles(path, skipped) : SOURCE_FILE.test(name) ? [path] : [];
  });
}
