import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { commonplaceCommand } from './lib/commands.js';
import { withServer, workDir, type CommandFor } from './lib/server.js';
import { withScratchDatabase } from './lib/postgres.js';
import { int, ratio, type BenchResult, type Row } from './lib/report.js';
import { sendSigned, signedCreatePool, startRemoteActor, type RemoteActorServer, type SignedLoadResult, type SignedRequest } from './federation/signed-load.js';

const CONNECTIONS = 50;
const SECONDS = 10;
const WARMUP_REQUESTS = 300;
/** Distinct activities signed before any load: enough for about 7,500 accepted/s over the 10 s. */
const POOL_SIZE = Number(process.env.BENCH_INBOX_POOL ?? 80_000);
/** Every request is signed for, and sent with, this Host: one pool serves every inbox. */
const VIRTUAL_HOST = 'inbox.bench.test';
const federationInstance = fileURLToPath(new URL('./federation-instance.ts', import.meta.url));
const fedifyServer = fileURLToPath(new URL('./federation/fedify-inbox-server.ts', import.meta.url));
const bareServer = fileURLToPath(new URL('./federation/bare-verifier-server.ts', import.meta.url));

interface Run {
  label: string;
  result: SignedLoadResult;
  /** Rows the server says it stored or counted, when it can tell. */
  stored?: number;
  actorFetches?: number;
}

/**
 * Signed Create(Note) activities accepted (2xx) per second by our shared inbox, under 50 requests in
 * flight for 10 s, on PGlite and (with DATABASE_URL) PostgreSQL. Baselines under the same load in the
 * same run: a Fedify 2.3.6 inbox and a bare node:http inbox that only runs our verifyRequest.
 */
export async function inboxThroughput(): Promise<BenchResult> {
  const work = workDir('inbox-throughput');
  const log = join(work.path, 'servers.log');
  const actor = await startRemoteActor();
  try {
    const signStarted = performance.now();
    const pool = await signedCreatePool(actor, POOL_SIZE, VIRTUAL_HOST, Date.now().toString(36));
    const signSeconds = (performance.now() - signStarted) / 1_000;

    const bare = await withServer(childCommand('bare verifier', bareServer, { BENCH_PUBLIC_KEY_PEM: actor.publicKeyPem, BENCH_ACTOR_ID: actor.actorId }), log, (server) =>
      measure('bare verifier', portOf(server.url), pool, true),
    );
    const fedify = await withServer(childCommand('fedify inbox', fedifyServer), log, async (server) => {
      const before = actor.actorFetches();
      const run = await measure('Fedify 2.3.6', portOf(server.url), pool, false);
      const counted = (await (await fetch(`${server.url}/count`)).json()) as { accepted: number };
      return { ...run, stored: counted.accepted, actorFetches: actor.actorFetches() - before };
    });

    const ours: Run[] = [];
    ours.push(await loadCommonplace('PGlite', commonplaceCommand({ instance: federationInstance, dataDir: join(work.path, 'data') }), log, pool, actor));
    const postgresUrl = process.env.DATABASE_URL;
    if (postgresUrl) {
      ours.push(
        await withScratchDatabase(postgresUrl, (databaseUrl) =>
          loadCommonplace('PostgreSQL', commonplaceCommand({ instance: federationInstance, databaseUrl }), log, pool, actor, databaseUrl),
        ),
      );
    }

    const fedifyRate = fedify.result.acceptedPerSecond;
    const bareRate = bare.result.acceptedPerSecond;
    const lines = ours.map(
      (run) =>
        `inbox-throughput (${run.label}): ${int(run.result.acceptedPerSecond)} accepted/s; ` +
        `baseline Fedify 2.3.6 ${int(fedifyRate)}/s, ratio ${ratio(run.result.acceptedPerSecond, fedifyRate)} (target ≥ 10); ` +
        `baseline bare verifier ${int(bareRate)}/s, ratio ${ratio(run.result.acceptedPerSecond, bareRate)} (target ≥ 0.5)`,
    );
    const isTarget = (run: Run) => run.label === 'PostgreSQL';
    return {
      name: 'inbox-throughput',
      line: lines.join('\n'),
      details: [
        `${CONNECTIONS} requests in flight, ${SECONDS} s after ${WARMUP_REQUESTS} warm-up requests; pool of ${int(POOL_SIZE)} pre-signed Creates (signed in ${signSeconds.toFixed(1)} s, not measured)` +
          (postgresUrl ? '' : '; DATABASE_URL not set, PostgreSQL run skipped (the targets are for PostgreSQL)'),
        ...[bare, fedify, ...ours].map(describe),
      ],
      rows: ours.flatMap((run): Row[] => [
        {
          metric: `Inbox, signed Creates accepted and stored (${run.label}) vs Fedify 2.3.6`,
          value: `${int(run.result.acceptedPerSecond)}/s`,
          baseline: `${int(fedifyRate)}/s`,
          ratio: ratio(run.result.acceptedPerSecond, fedifyRate),
          ...(isTarget(run) ? { target: '≥ 10× Fedify', pass: run.result.acceptedPerSecond >= 10 * fedifyRate } : {}),
        },
        {
          metric: `Inbox, signed Creates accepted and stored (${run.label}) vs bare verifier`,
          value: `${int(run.result.acceptedPerSecond)}/s`,
          baseline: `${int(bareRate)}/s`,
          ratio: ratio(run.result.acceptedPerSecond, bareRate),
          ...(isTarget(run) ? { target: '≥ 0.5× bare verifier', pass: run.result.acceptedPerSecond >= 0.5 * bareRate } : {}),
        },
      ]),
    };
  } finally {
    await actor.close();
    work.cleanup();
  }
}

/** Warm-up (the first request makes the server fetch and cache the actor's key), then the measured run. */
async function measure(label: string, port: number, pool: readonly SignedRequest[], cycle: boolean): Promise<Run> {
  let cursor = 0;
  const next = () => (cycle ? pool[cursor++ % pool.length] : pool[cursor++]);
  const first = await sendOne(port, next);
  if (first.accepted !== 1) throw new Error(`${label}: the first signed Create was refused: ${first.firstRefusal}`);
  return { label, result: await runMeasured(port, next) };
}

/** One request alone: the server fetches and caches the actor's key before the load starts. */
function sendOne(port: number, next: () => SignedRequest | undefined): Promise<SignedLoadResult> {
  let sent = false;
  return sendSigned(port, () => (sent ? undefined : ((sent = true), next())), { connections: 1, seconds: 30 });
}

async function runMeasured(port: number, next: () => SignedRequest | undefined): Promise<SignedLoadResult> {
  let warm = 0;
  await sendSigned(port, () => (warm++ < WARMUP_REQUESTS ? next() : undefined), { connections: CONNECTIONS, seconds: 30 });
  return sendSigned(port, next, { connections: CONNECTIONS, seconds: SECONDS });
}

async function loadCommonplace(
  label: string,
  command: CommandFor,
  log: string,
  pool: readonly SignedRequest[],
  actor: RemoteActorServer,
  databaseUrl?: string,
): Promise<Run> {
  return withServer(command, log, async (server) => {
    const before = actor.actorFetches();
    let cursor = 0;
    const next = () => pool[cursor++];
    // One request alone first: the inbox fetches the actor, and caches it, before the load starts.
    const first = await sendOne(portOf(server.url), next);
    if (first.accepted !== 1) throw new Error(`${label}: the first signed Create was refused: ${first.firstRefusal}`);
    const result = await runMeasured(portOf(server.url), next);
    const run: Run = { label, result, actorFetches: actor.actorFetches() - before };
    if (databaseUrl) run.stored = await countSeen(databaseUrl);
    return run;
  });
}

/** Notes the inbox stored (the remote-notes fixture's rows, written in the same transaction as the dedupe row). */
async function countSeen(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM remote_notes_notes');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

function describe(run: Run): string {
  const r = run.result;
  const refused = Object.entries(r.refused).map(([status, count]) => `${count} × ${status}`);
  return (
    `${run.label}: ${int(r.accepted)} accepted in ${r.seconds.toFixed(1)} s` +
    (refused.length ? `, refused ${refused.join(', ')} (first: ${r.firstRefusal})` : '') +
    (r.poolExhausted ? ', pool ran out before the time was up' : '') +
    (run.stored !== undefined ? `, ${int(run.stored)} stored/counted by the server in all (warm-up included)` : '') +
    (run.actorFetches !== undefined ? `, ${run.actorFetches} actor fetches` : '')
  );
}

function childCommand(label: string, script: string, env: Record<string, string> = {}): CommandFor {
  return (port) => ({ label, args: ['--import', 'tsx', script, String(port)], env: { ...process.env, ...env } });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}
