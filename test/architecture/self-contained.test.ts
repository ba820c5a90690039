import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOutsideReads } from './find-outside-reads.js';

const root = resolve(import.meta.dirname, '../..');
/** Its strings break the rule on purpose; the last test below scans it as a repository of its own. */
const VIOLATIONS_FIXTURE = 'test/fixtures/outside-reads';

/*
 * A clone of the repository must pass its tests with nothing beside it: the workplace's fixture
 * collection (../shared) is a place to copy from, never one to read at run time, and no path of one
 * machine may appear. Fixtures live in test/fixtures or a plugin's own test/fixtures.
 */
describe('the repository is self-contained', () => {
  it('no code or test reads ../shared, a path above the repository, or an absolute /work/ or /home/ path', () => {
    // This file is skipped too: it lists the fixture's violations as expected values.
    const found = findOutsideReads(root, { skip: [VIOLATIONS_FIXTURE, relative(root, import.meta.filename)] });
    expect(found.map(({ where, literal, reason }) => `${where}: "${literal}" ${reason}`)).toEqual([]);
  });

  it('the check itself names the file and line of each read outside, and nothing that stays inside', () => {
    const found = findOutsideReads(resolve(root, VIOLATIONS_FIXTURE));
    expect(found.map(({ where, literal }) => [where, literal])).toEqual([
      ['plugins/demo/src/reads.ts:6', '../../../../../shared/fixtures/activitypub/'],
      ['plugins/demo/src/reads.ts:7', '/work/shared/fixtures/valueflows/actions.json'],
      ['plugins/demo/src/reads.ts:8', 'file:///home/someone/vectors/cases.json'],
      ['plugins/demo/src/reads.ts:9', '../../../..'],
      ['plugins/demo/src/reads.ts:10', '/shared/fixtures/http-signatures/'],
      ['scripts/copy.mjs:4', '/home/someone/shared/mastodon-api/schema.json'],
    ]);
  });
});
