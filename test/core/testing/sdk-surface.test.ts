import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * docs/sdk.md lists every name the sdk's public entries export, one line each. This test reads both
 * (the exports through the TypeScript checker, so types count as well as values) and fails when they
 * differ, so the page cannot drift from the code.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(`${repoRoot}docs/sdk.md`, 'utf8');

/** The names a module exports (values and types), as a plugin importing it sees them. */
function exportedNames(entry: string): string[] {
  const file = `${repoRoot}${entry}`;
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: true,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${entry} not found`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name).sort();
}

/** The entries docs/sdk.md has a section for, by the text of the section's heading (the most specific first). */
const ENTRY_SECTIONS = [
  { heading: '`@commonplace/sdk/testing`', entry: 'sdk/src/testing/index.ts' },
  { heading: '`@commonplace/sdk/web/client`', entry: 'sdk/src/web/client.ts' },
  { heading: '`@commonplace/sdk/web`', entry: 'sdk/src/web/index.ts' },
] as const;

/** The names docs/sdk.md lists: the backticked names before the colon of each list item, by entry (the main one unless a section names another). */
function documentedNames(): Map<string, string[]> {
  const byEntry = new Map<string, string[]>([['sdk/src/index.ts', []], ...ENTRY_SECTIONS.map(({ entry }) => [entry, []] as [string, string[]])]);
  let entry = 'sdk/src/index.ts';
  for (const line of doc.split('\n')) {
    if (line.startsWith('## ')) entry = ENTRY_SECTIONS.find(({ heading }) => line.includes(heading))?.entry ?? 'sdk/src/index.ts';
    const item = /^- (.+?): /.exec(line);
    if (!item) continue;
    byEntry.get(entry)!.push(...[...item[1]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((match) => match[1]!));
  }
  for (const names of byEntry.values()) names.sort();
  return byEntry;
}

describe('docs/sdk.md and the sdk exports', () => {
  const documented = documentedNames();
  const publicNames = exportedNames('sdk/src/index.ts');

  it('lists every name of @commonplace/sdk, and no other', () => {
    expect(publicNames.length).toBeGreaterThan(20);
    expect(documented.get('sdk/src/index.ts')).toEqual(publicNames);
  });

  for (const { heading, entry } of ENTRY_SECTIONS) {
    it(`lists every name of ${heading}, and no other`, () => {
      expect(documented.get(entry)!.length).toBeGreaterThan(0);
      expect(documented.get(entry)).toEqual(exportedNames(entry));
    });
  }

  it('lists each name once in a section', () => {
    for (const names of documented.values()) expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('@commonplace/sdk/internal offers everything the public entry does (core imports either)', () => {
    const internal = new Set(exportedNames('sdk/src/internal.ts'));
    expect(publicNames.filter((name) => !internal.has(name))).toEqual([]);
    for (const kernelOnly of ['pluginOf', 'PLUGIN_ID_PATTERN', 'describeIssues', 'instanceSettingsSchema', 'encodeCursor', 'isDroppedActivity', 'ConfigPort']) {
      expect(internal.has(kernelOnly), kernelOnly).toBe(true);
      expect(publicNames, kernelOnly).not.toContain(kernelOnly);
    }
  });
});
