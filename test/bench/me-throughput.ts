import { join } from 'node:path';
import { benchInstance } from './lib/paths.js';
import { bareFastifyCommand, commonplaceCommand } from './lib/commands.js';
import { withServer, workDir, type CommandFor } from './lib/server.js';
import { graphql } from './lib/graphql.js';
import { withScratchDatabase } from './lib/postgres.js';
import { postLoad, type LoadResult, type LoadSettings } from './lib/load.js';
import { int, ratio, type BenchResult, type Row } from './lib/report.js';

const LOAD: LoadSettings = { connections: 50, durationSeconds: 10, warmupSeconds: 2 };
const ME = '{ me { id username displayName roles } }';
const ME_QUERY = JSON.stringify({ query: ME });
const SIGN_UP = `mutation { signUp(input: { username: "bench", email: "bench@example.test", password: "correct horse battery staple" }) { token } }`;
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Authenticated `{ me { ... } }` under load (50 connections, 10 s) against the bench instance
 * (the demo with its rate limit raised), on PGlite, and on PostgreSQL when DATABASE_URL is set.
 * Baseline: a bare Fastify JSON route in a child process, same autocannon settings.
 */
export async function meThroughput(): Promise<BenchResult> {
  const work = workDir('me-throughput');
  const log = join(work.path, 'servers.log');
  try {
    const baseline = await withServer(bareFastifyCommand, log, async (server) => {
      const expectBody = await (await fetch(`${server.url}/me`, { method: 'POST', headers: JSON_HEADERS, body: ME_QUERY })).text();
      return postLoad(`${server.url}/me`, { body: ME_QUERY, headers: JSON_HEADERS, expectBody }, LOAD);
    });
    const runs: Array<{ database: string; result: LoadResult }> = [];
    runs.push({ database: 'PGlite', result: await loadInstance(commonplaceCommand({ instance: benchInstance, dataDir: join(work.path, 'data') }), log) });
    const postgresUrl = process.env.DATABASE_URL;
    if (postgresUrl) {
      const result = await withScratchDatabase(postgresUrl, (databaseUrl) =>
        loadInstance(commonplaceCommand({ instance: benchInstance, databaseUrl }), log),
      );
      runs.push({ database: 'PostgreSQL', result });
    }

    const lines = runs.map(({ database, result }) => {
      const label = database === 'PGlite' ? 'me-throughput' : `me-throughput (${database})`;
      return (
        `${label}: ${int(result.requestsPerSecond)} req/s, p99 ${int(result.p99Ms)} ms; ` +
        `baseline plain fastify ${int(baseline.requestsPerSecond)} req/s, p99 ${int(baseline.p99Ms)} ms; ` +
        `ratio ${ratio(result.requestsPerSecond, baseline.requestsPerSecond)}` +
        problemsNote(result)
      );
    });
    return {
      name: 'me-throughput',
      line: lines.join('\n'),
      details: [
        `${LOAD.connections} connections, ${LOAD.durationSeconds} s after a ${LOAD.warmupSeconds} s warm-up; bench instance raises the rate limit` +
          (postgresUrl ? '' : '; DATABASE_URL not set, PostgreSQL run skipped') +
          problemsNote(baseline, 'baseline'),
      ],
      rows: runs.flatMap(({ database, result }): Row[] => [
        {
          metric: `\`me\` query throughput (${database}, 50 connections)`,
          value: `${int(result.requestsPerSecond)} req/s`,
          baseline: `${int(baseline.requestsPerSecond)} req/s`,
          ratio: ratio(result.requestsPerSecond, baseline.requestsPerSecond),
        },
        {
          metric: `\`me\` query p99 latency (${database})`,
          value: `${int(result.p99Ms)} ms`,
          baseline: `${int(baseline.p99Ms)} ms`,
          ratio: ratio(result.p99Ms, baseline.p99Ms),
        },
      ]),
    };
  } finally {
    work.cleanup();
  }
}

/** Boots the instance, signs up "bench", checks `me` answers, then loads it. */
async function loadInstance(command: CommandFor, log: string): Promise<LoadResult> {
  return withServer(command, log, async (server) => {
    const { data } = await graphql<{ signUp: { token: string } }>(server.url, SIGN_UP);
    const headers = { ...JSON_HEADERS, authorization: `Bearer ${data.signUp.token}` };
    const me = await graphql<{ me: { username: string } | null }>(server.url, ME, data.signUp.token);
    if (me.data.me?.username !== 'bench') throw new Error(`me answered ${me.body}`);
    return postLoad(`${server.url}/graphql`, { body: ME_QUERY, headers, expectBody: me.body }, LOAD);
  });
}

function problemsNote(result: LoadResult, who = ''): string {
  return result.problems.length ? `; ${who ? `${who}: ` : ''}${result.problems.join(', ')}` : '';
}
