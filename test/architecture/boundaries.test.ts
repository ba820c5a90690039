import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBoundaryViolations } from './find-boundary-violations.js';

const root = resolve(import.meta.dirname, '../..');

describe('package boundaries', () => {
  it('no plugin imports @commonplace/core or reaches into another package by relative path', () => {
    const pluginsDir = join(root, 'plugins');
    const violations = existsSync(pluginsDir) ? findBoundaryViolations(pluginsDir, root) : [];
    expect(violations).toEqual([]);
  });

  it('the sdk never imports core statically (the test harness loads it at run time)', () => {
    const violations = sourceFiles(join(root, 'sdk/src')).filter((file) =>
      /from\s+['"]@commonplace\/core/.test(readFileSync(file, 'utf8')),
    );
    expect(violations.map((file) => relative(root, file))).toEqual([]);
  });

  it('the check itself catches a plugin that imports core or a sibling', () => {
    const fixtures = join(root, 'test/fixtures/boundary-violations');
    const found = findBoundaryViolations(join(fixtures, 'plugins'), fixtures).map((v) => v.reason);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('imports @commonplace/core'),
        expect.stringContaining('reaches outside its package'),
        expect.stringContaining('imports another plugin'),
      ]),
    );
  });
});

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}
