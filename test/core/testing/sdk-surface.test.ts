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

/** The names docs/sdk.md lists: the backticked names before the colon of each list item, by section. */
function documentedNames(): { main: string[]; testing: string[] } {
  const main: string[] = [];
  const testing: string[] = [];
  let section = '';
  for (const line of doc.split('\n')) {
    if (line.startsWith('## ')) section = line;
    const item = /^- (.+?): /.exec(line);
    if (!item) continue;
    const names = [...item[1]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((match) => match[1]!);
    (section.includes('@commonplace/sdk/testing') ? testing : main).push(...names);
  }
  return { main: main.sort(), testing: testing.sort() };
}

describe('docs/sdk.md and the sdk exports', () => {
  const documented = documentedNames();
  const publicNames = exportedNames('sdk/src/index.ts');

  it('lists every name of @commonplace/sdk, and no other', () => {
    expect(publicNames.length).toBeGreaterThan(20);
    expect(documented.main).toEqual(publicNames);
  });

  it('lists every name of @commonplace/sdk/testing, and no other', () => {
    expect(documented.testing).toEqual(exportedNames('sdk/src/testing/index.ts'));
  });

  it('lists each name once', () => {
    const all = [...documented.main, ...documented.testing];
    expect(all.filter((name, index) => all.indexOf(name) !== index)).toEqual([]);
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
