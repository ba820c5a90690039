import { join } from 'node:path';
import madge from 'madge';

/**
 * Every import circle among the TypeScript files under `folders` (relative to `root`), each as the
 * files on it, paths relative to `root`. `import type` counts: a type-only circle costs nothing at run
 * time but still ties two modules so neither can be read, moved or tested without the other (the
 * circles issue 21 names were of that kind).
 */
export async function findImportCycles(root: string, folders: readonly string[]): Promise<string[][]> {
  const graph = await madge(
    folders.map((folder) => join(root, folder)),
    { baseDir: root, fileExtensions: ['ts', 'tsx'], tsConfig: join(root, 'tsconfig.base.json'), excludeRegExp: [/\.d\.ts$/] },
  );
  return graph.circular();
}
