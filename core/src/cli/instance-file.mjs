// Where an instance's file is, by name or path. Plain JavaScript because the `commonplace` bin
// reads it before anything TypeScript is loaded (it picks the compiled CLI or the sources by it).
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * `demo` -> <cwd>/instances/demo/index.ts; a path (with a `/` or ending in `.ts`) -> that file, or
 * the index.ts in that folder. `file` is the first candidate that exists.
 */
export function findInstanceFile(nameOrPath, cwd = process.cwd()) {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.endsWith('.ts');
  const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  const candidates = looksLikePath ? [path, resolve(path, 'index.ts')] : [resolve(cwd, 'instances', nameOrPath, 'index.ts')];
  const file = candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
  return { file, candidates };
}
