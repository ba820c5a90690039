import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityPubTestCases } from 'activitypub-testing';
import { ActorUrlTestRun } from 'activitypub-testing/test-actor';
import { createTestInstance, type CoreTestInstance } from '../../core/src/testing/index.js';

/**
 * Runs the `activitypub-testing` suite (socialweb.coop, pinned in the root package.json) against
 * a user's actor on an instance listening on 127.0.0.1, through the package's own API: the same
 * `ActorUrlTestRun` its `activitypub-testing test actor <url>` command drives. The results are
 * recorded in docs/federation.md ("activitypub-testing results").
 */

/** A port free on 127.0.0.1 right now, so the instance can be booted with its public URL. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

type Outcome = 'passed' | 'failed' | 'inapplicable' | 'cantTell' | 'untested';

interface CaseOutcome {
  outcome: Outcome;
  info?: string;
}

/** The test cases this version of the package runs against an actor URL, known before any run. */
const slugs = [...activityPubTestCases].map((testCase) => testCase.slug);

/** Cases about the actor document and its collections: these must come out `passed`, not just applicable. */
const mustPass = new Set([
  'actor-must-serve-as2-object-to-get',
  'actor-objects-must-have-inbox-outbox-properties',
  'outbox-must-be-an-orderedcollection',
  'followers-collection-must-be-a-collection',
  'following-collection-must-be-a-collection',
]);

/**
 * Deviations we know of and have reported (docs/federation.md, "activitypub-testing results"); each
 * runs as `it.fails`, so fixing it turns the case red here until its entry is removed. We offer no
 * client-to-server outbox: `POST /actors/<name>/outbox` answers 404 (no route). The suite treats
 * only 405 as "this outbox takes no POST" (inapplicable), so a 404 comes out `cantTell`.
 */
/** Cases we knowingly fail, with why; each runs as it.fails, so a fix turns it red until removed here. */
const knownDeviations = new Map<string, string>([]);

/** The whole run is bounded: each case has the package's own 10 s limit, the run 60 s. */
const runLimitMs = 60_000;

/** Runs every case against the actor, as `activitypub-testing test actor <url>` does, and collects outcomes by slug. */
async function runSuite(actorUrl: string): Promise<Map<string, CaseOutcome>> {
  const quiet = { ...console, debug() {}, info() {}, log() {}, warn() {} } as typeof console;
  const run = new ActorUrlTestRun(new URL(actorUrl), { console: quiet });
  const outcomes = new Map<string, CaseOutcome>();
  const collect = (async () => {
    for await (const assertion of run) {
      const { result, test } = assertion as unknown as { result: CaseOutcome; test: { slug: string } };
      outcomes.set(test.slug, { outcome: result.outcome, info: result.info });
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`activitypub-testing did not finish within ${runLimitMs} ms`)), runLimitMs);
  });
  try {
    await Promise.race([collect, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return outcomes;
}

const describeOutcome = (slug: string, result: CaseOutcome | undefined) =>
  result ? `${slug}: ${result.outcome}${result.info ? ` (${result.info})` : ''}` : `${slug}: did not run`;

describe('the activitypub-testing suite against our actor', () => {
  let instance: CoreTestInstance;
  let outcomes: Map<string, CaseOutcome>;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    instance = await createTestInstance({
      name: 'activitypub-testing instance',
      settings: { publicUrl, port, federation: { allowPrivateAddresses: true } },
    });
    await instance.running.listen();
    await instance.signUp('alice');
    outcomes = await runSuite(`${publicUrl}/actors/alice`);
    // ACTIVITYPUB_TESTING_REPORT=1 prints the outcomes, for the table in docs/federation.md.
    if (process.env.ACTIVITYPUB_TESTING_REPORT) console.log([...outcomes].map(([slug, result]) => describeOutcome(slug, result)).join('\n'));
  }, runLimitMs + 30_000);
  afterAll(async () => {
    await instance?.close();
  });

  it('runs every test case of the package', () => {
    expect(slugs.length).toBeGreaterThan(0);
    expect([...outcomes.keys()].sort()).toEqual([...slugs].sort());
  });

  it('passes every applicable test case', () => {
    const failing = slugs.filter((slug) => {
      if (knownDeviations.has(slug)) return false;
      const outcome = outcomes.get(slug)?.outcome;
      return mustPass.has(slug) ? outcome !== 'passed' : outcome !== 'passed' && outcome !== 'inapplicable';
    });
    expect(failing.map((slug) => describeOutcome(slug, outcomes.get(slug)))).toEqual([]);
  });

  for (const [slug, reason] of knownDeviations) {
    it.fails(`${slug} (known: ${reason})`, () => {
      expect(outcomes.get(slug)?.outcome, describeOutcome(slug, outcomes.get(slug))).toMatch(/^(passed|inapplicable)$/);
    });
  }
});
