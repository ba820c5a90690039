import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImportCycles } from './find-import-cycles.js';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/architecture/import-cycle';

/*
 * Issue 21, item 18: core and the sdk have no import circles. A circle means neither module can be
 * understood, moved or tested alone, and at run time one of them sees the other half-initialised.
 */
describe('import circles', () => {
  it('core/src and sdk/src import no module that imports them back', async () => {
    const cycles = await findImportCycles(root, ['core/src', 'sdk/src']);
    expect(cycles.map((cycle) => cycle.join(' -> '))).toEqual([]);
  }, 120_000);

  it('the check itself finds a circle through an `import type`, and nothing once the type has a leaf of its own', async () => {
    const [cycle, ...others] = await findImportCycles(root, [`${FIXTURE}/src`]);
    expect(others).toEqual([]);
    expect([...(cycle ?? [])].sort()).toEqual([`${FIXTURE}/src/announce.ts`, `${FIXTURE}/src/publisher.ts`]);
    expect(await findImportCycles(root, [`${FIXTURE}/clean`])).toEqual([]);
  }, 120_000);
});
