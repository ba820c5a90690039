import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bareFastifyCommand, commonplaceCommand } from './lib/commands.js';
import { withServer, workDir, type CommandFor } from './lib/server.js';
import { graphql } from './lib/graphql.js';
import { withScratchDatabase } from './lib/postgres.js';
import { int, ratio, type BenchResult, type Row } from './lib/report.js';
import { assertRanCompiled, ensureCompiledCli } from './cold-start.js';

const SETTLE_MS = 3_000;
const TARGET_MB = 200;

/**
 * Resident memory (VmRSS) of the demo instance once it has served a few requests and sat idle
 * for 3 s: on PGlite after its first start and after a restart, and on PostgreSQL when
 * DATABASE_URL is set. Baseline: the bare Fastify child, measured the same way.
 */
export async function idleMemory(): Promise<BenchResult> {
  const work = workDir('idle-memory');
  try {
    const dataDir = join(work.path, 'data');
    const log = join(work.path, 'servers.log');
    const baselineMb = await idleRss(bareFastifyCommand, log, exerciseBareFastify);
    const compiledRss = async (command: CommandFor, name: string, username: string): Promise<number> => {
      ensureCompiledCli();
      const instanceLog = join(work.path, `${name}.log`);
      const mb = await idleRss(command, instanceLog, (url) => exerciseCommonplace(url, username));
      assertRanCompiled(instanceLog);
      return mb;
    };
    const measured: Array<{ label: string; mb: number }> = [
      { label: 'PGlite, after first start', mb: await compiledRss(commonplaceCommand({ dataDir }), 'first', 'idle_first') },
      { label: 'PGlite, after restart', mb: await compiledRss(commonplaceCommand({ dataDir }), 'restart', 'idle_restart') },
    ];
    const postgresUrl = process.env.DATABASE_URL;
    if (postgresUrl) {
      const mb = await withScratchDatabase(postgresUrl, (databaseUrl) => compiledRss(commonplaceCommand({ databaseUrl }), 'postgres', 'idle_postgres'));
      measured.push({ label: 'PostgreSQL', mb });
    }

    const rows = measured.map(({ label, mb }): Row => ({
      metric: `Idle RSS (${label})`,
      value: `${int(mb)} MB`,
      baseline: `${int(baselineMb)} MB`,
      ratio: ratio(mb, baselineMb),
      target: `< ${TARGET_MB} MB`,
      pass: mb < TARGET_MB,
    }));
    const figures = measured.map(({ label, mb }) => `${int(mb)} MB RSS (${label}, ratio ${ratio(mb, baselineMb)})`);
    return {
      name: 'idle-memory',
      line:
        `idle-memory: ${figures.join(', ')}; baseline bare fastify ${int(baselineMb)} MB; ` +
        `target < ${TARGET_MB} MB: ${rows.every((r) => r.pass) ? 'pass' : 'FAIL'}`,
      details: postgresUrl ? [] : ['DATABASE_URL not set, PostgreSQL run skipped'],
      rows,
    };
  } finally {
    work.cleanup();
  }
}

async function idleRss(command: CommandFor, log: string, exercise: (url: string) => Promise<void>): Promise<number> {
  return withServer(command, log, async (server) => {
    await exercise(server.url);
    await sleep(SETTLE_MS);
    return server.rssMb();
  });
}

/** Health probes, the home page, and GraphQL: a sign-up and queries with and without its token. */
async function exerciseCommonplace(url: string, username: string): Promise<void> {
  for (const path of ['/healthz', '/readyz', '/']) await expectOk(url, path);
  await graphql(url, '{ instance { name } }');
  const { data } = await graphql<{ signUp: { token: string } }>(
    url,
    `mutation { signUp(input: { username: "${username}", email: "${username}@example.test", password: "correct horse battery staple" }) { token } }`,
  );
  for (let i = 0; i < 3; i++) await graphql(url, '{ me { id username displayName roles } }', data.signUp.token);
}

async function exerciseBareFastify(url: string): Promise<void> {
  for (let i = 0; i < 3; i++) await expectOk(url, '/healthz');
  for (let i = 0; i < 3; i++) await expectOk(url, '/me', { method: 'POST' });
}

async function expectOk(url: string, path: string, init?: RequestInit): Promise<void> {
  const response = await fetch(`${url}${path}`, init);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}`);
}
