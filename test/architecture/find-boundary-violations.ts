import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface BoundaryViolation {
  file: string;
  specifier: string;
  reason: string;
}

// Static imports, re-exports, dynamic import() and require() — whatever form the specifier takes.
const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/**
 * A plugin may import the sdk, npm packages and its own files. Not core, not another plugin's
 * package, and no relative path that climbs out of its own folder.
 */
export function findBoundaryViolations(pluginsDir: string, repoRoot: string): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const pluginName of readdirSync(pluginsDir)) {
    const pluginRoot = join(pluginsDir, pluginName);
    if (!statSync(pluginRoot).isDirectory()) continue;
    for (const file of sourceFiles(pluginRoot)) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT_PATTERN)) {
        const specifier = match[1]!;
        const reason = judge(specifier, file, pluginRoot, pluginName);
        if (reason) violations.push({ file: relative(repoRoot, file), specifier, reason: `${relative(repoRoot, file)}: ${reason}` });
      }
    }
  }
  return violations;
}

function judge(specifier: string, file: string, pluginRoot: string, pluginName: string): string | null {
  if (specifier === '@commonplace/core' || specifier.startsWith('@commonplace/core/')) {
    return `imports @commonplace/core ("${specifier}"); plugins may import only @commonplace/sdk`;
  }
  if (specifier.startsWith('@commonplace/plugin-') && !specifier.startsWith(`@commonplace/plugin-${pluginName}`)) {
    // Another plugin's public entry is an extension point; its internals are not.
    if (specifier.split('/').length > 2) return `imports another plugin's internals ("${specifier}")`;
    return null;
  }
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target !== pluginRoot && !target.startsWith(pluginRoot + sep)) {
      const pluginsDir = dirname(pluginRoot);
      return target.startsWith(pluginsDir + sep)
        ? `imports another plugin by relative path ("${specifier}")`
        : `reaches outside its package by relative path ("${specifier}")`;
    }
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}
