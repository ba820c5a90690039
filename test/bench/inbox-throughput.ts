import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { commonplaceCommand } from './lib/commands.js';
import { withServers, workDir, type CommandFor } from './lib/server.js';
import { withScratchDatabase } from './lib/postgres.js';
import { int, ratio, type BenchResult, type Row } from './lib/report.js';
import { interleavedRounds, postgresCpuSeconds, processCpuSeconds, type Contestant, type ContestantTotals } from './federation/interleaved-rounds.js';
import { sendSigned, signedCreatePool, startRemoteActor, type RemoteActorServer, type SignedRequest } from './federation/signed-load.js';
import { warmUntilSettled, type WarmUp, type WarmUpSettings } from './federation/warm-up.js';

const CONNECTIONS = 50;
/** Each server is measured for ROUNDS × SECONDS_PER_ROUND seconds in all, in turns (see interleavedRounds). */
const ROUNDS = 5;
const SECONDS_PER_ROUND = 2;
const SETTLE_MS = 250;
/**
 * Load before the measured rounds, per server, in windows of 1 s until its rate stops climbing (3 s at
 * least, 12 s at most): the JIT and the connection pools take longer to settle on a slow machine (our
 * inbox climbed for 4-6 s from cold on one where 1.5 s had been the warm-up; docs/performance.md).
 */
const WARM_UP: Omit<WarmUpSettings, 'connections'> = { windowSeconds: 1, minSeconds: 3, maxSeconds: 12, tolerance: 0.1 };
/** Distinct activities signed before any load; topped up after the warm-ups when the fastest server needs more. */
const POOL_SIZE = Number(process.env.BENCH_INBOX_POOL ?? 60_000);
/** The pool holds this many times what the fastest warm-up rate would use in the measured rounds (rates drift). */
const POOL_HEADROOM = 1.5;
/** Every request is signed for, and sent with, this Host: one pool serves every inbox. */
const VIRTUAL_HOST = 'inbox.bench.test';
const federationInstance = fileURLToPath(new URL('./federation-instance.ts', import.meta.url));
const fedifyServer = fileURLToPath(new URL('./federation/fedify-inbox-server.ts', import.meta.url));
const bareServer = fileURLToPath(new URL('./federation/bare-verifier-server.ts', import.meta.url));

interface Run {
  label: string;
  result: ContestantTotals;
  /** Rows the server says it stored or counted, when it can tell. */
  stored?: number;
  /** Actor fetches during its warm-up (the first request fetches the key). */
  actorFetches: number;
  warmUp: WarmUp;
}

/**
 * Signed Create(Note) activities accepted (2xx) per second by our shared inbox, under 50 requests in
 * flight, on PGlite and (with DATABASE_URL) PostgreSQL. Baselines under the same load in the same run:
 * a Fedify 2.3.6 inbox and a bare node:http inbox that only runs our verifyRequest. All four servers
 * run side by side and take turns of 2 s, five rounds, so each is measured for 10 s and a drift in
 * the machine's speed falls on all of them alike.
 */
export async function inboxThroughput(): Promise<BenchResult> {
  const work = workDir('inbox-throughput');
  const log = join(work.path, 'servers.log');
  const actor = await startRemoteActor();
  try {
    const signStarted = performance.now();
    const pool = await signedCreatePool(actor, POOL_SIZE, VIRTUAL_HOST, Date.now().toString(36));
    const signSeconds = (performance.now() - signStarted) / 1_000;

    const postgresUrl = process.env.DATABASE_URL;
    const measured = postgresUrl
      ? await withScratchDatabase(postgresUrl, (databaseUrl) => measureAll(log, pool, actor, join(work.path, 'data'), databaseUrl))
      : await measureAll(log, pool, actor, join(work.path, 'data'));
    const { runs, fetchesWhileMeasured, toppedUp } = measured;
    const [bare, fedify, ...ours] = runs as [Run, Run, ...Run[]];

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
        `${CONNECTIONS} requests in flight; the servers side by side, in turns of ${SECONDS_PER_ROUND} s, ${ROUNDS} rounds (${ROUNDS * SECONDS_PER_ROUND} s each), ` +
          `each after a warm-up until its rate stopped climbing (windows of ${WARM_UP.windowSeconds} s, ${WARM_UP.minSeconds}-${WARM_UP.maxSeconds} s); ` +
          `pool of ${int(POOL_SIZE)} pre-signed Creates (signed in ${signSeconds.toFixed(1)} s, not measured)` +
          (toppedUp ? `, topped up with ${int(toppedUp.count)} after the warm-ups (${toppedUp.seconds.toFixed(1)} s)` : '') +
          (postgresUrl ? '' : '; DATABASE_URL not set, PostgreSQL run skipped (the targets are for PostgreSQL)'),
        ...runs.map(describe),
        ...runs.map((run) => `warm-up of ${run.label}: ${run.warmUp.seconds.toFixed(1)} s, per window ${run.warmUp.windowRates.map(int).join(', ')}/s${run.warmUp.stillClimbing ? ' (still climbing at the limit)' : ''}`),
        ...ours.map((run) => `${run.label} ÷ bare verifier, round by round: ${roundRatios(run, bare)}; ÷ Fedify: ${roundRatios(run, fedify)}`),
        `actor fetches during the measured rounds: ${fetchesWhileMeasured}`,
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

/**
 * Starts the bare verifier, the Fedify inbox and our instance on PGlite (and on PostgreSQL when given
 * a database), warms each, then measures them in turns.
 */
async function measureAll(
  log: string,
  pool: SignedRequest[],
  actor: RemoteActorServer,
  dataDir: string,
  databaseUrl?: string,
): Promise<{ runs: Run[]; fetchesWhileMeasured: number; toppedUp?: { count: number; seconds: number } }> {
  const servers: Array<{ label: string; command: CommandFor; cycle: boolean }> = [
    { label: 'bare verifier', command: childCommand('bare verifier', bareServer, { BENCH_PUBLIC_KEY_PEM: actor.publicKeyPem, BENCH_ACTOR_ID: actor.actorId }), cycle: true },
    { label: 'Fedify 2.3.6', command: childCommand('fedify inbox', fedifyServer), cycle: false },
    { label: 'PGlite', command: commonplaceCommand({ instance: federationInstance, dataDir }), cycle: false },
    ...(databaseUrl ? [{ label: 'PostgreSQL', command: commonplaceCommand({ instance: federationInstance, databaseUrl }), cycle: false }] : []),
  ];
  return withServers(
    servers.map((s) => s.command),
    log,
    async (processes) => {
      const contestants: Contestant[] = [];
      const warmed: Warmed[] = [];
      const warmupFetches: number[] = [];
      for (const [index, server] of servers.entries()) {
        const { url, pid } = processes[index]!;
        const before = actor.actorFetches();
        const cpuSeconds = server.label === 'PostgreSQL' ? () => sumOf(processCpuSeconds(pid), postgresCpuSeconds()) : () => processCpuSeconds(pid);
        const warm = await warmUp(server.label, portOf(url), pool, server.cycle);
        warmed.push(warm);
        contestants.push({ label: server.label, port: portOf(url), cpuSeconds, next: warm.next });
        warmupFetches.push(actor.actorFetches() - before);
      }
      const toppedUp = await topUp(pool, warmed, actor);
      // The signing left every server idle: a second of load again, so the rounds do not start on
      // connections the pause let close.
      if (toppedUp) for (const contestant of contestants) await sendSigned(contestant.port, contestant.next, { connections: CONNECTIONS, seconds: 1 });
      const before = actor.actorFetches();
      const totals = await interleavedRounds(contestants, { rounds: ROUNDS, secondsPerRound: SECONDS_PER_ROUND, connections: CONNECTIONS, settleMs: SETTLE_MS });
      const fetchesWhileMeasured = actor.actorFetches() - before;
      const runs = totals.map((result, index): Run => ({ label: result.label, result, actorFetches: warmupFetches[index]!, warmUp: warmed[index]!.warmUp }));
      const fedifyIndex = servers.findIndex((s) => s.label === 'Fedify 2.3.6');
      runs[fedifyIndex]!.stored = ((await (await fetch(`${processes[fedifyIndex]!.url}/count`)).json()) as { accepted: number }).accepted;
      if (databaseUrl) runs[servers.length - 1]!.stored = await countSeen(databaseUrl);
      return { runs, fetchesWhileMeasured, ...(toppedUp ? { toppedUp } : {}) };
    },
  );
}

interface Warmed {
  next: () => SignedRequest | undefined;
  /** Pool entries this server has used (for one that dedupes: each is used once). */
  used: () => number;
  /** False for a server that gets the pool over and over (it does not dedupe). */
  consumesPool: boolean;
  warmUp: WarmUp;
}

/**
 * One request alone (the server fetches and caches the actor's key), then load until its rate settles.
 * Returns the contestant's cursor into the pool; a server that dedupes gets each activity once.
 */
async function warmUp(label: string, port: number, pool: readonly SignedRequest[], cycle: boolean): Promise<Warmed> {
  let cursor = 0;
  const next = () => (cycle ? pool[cursor++ % pool.length] : pool[cursor++]);
  let sent = false;
  const first = await sendSigned(port, () => (sent ? undefined : ((sent = true), next())), { connections: 1, seconds: 30 });
  if (first.accepted !== 1) throw new Error(`${label}: the first signed Create was refused: ${first.firstRefusal}`);
  const warm = await warmUntilSettled(port, next, { connections: CONNECTIONS, ...WARM_UP });
  return { next, used: () => cursor, consumesPool: !cycle, warmUp: warm };
}

/**
 * Signs more Creates when a server that dedupes could run out in the measured rounds at its warm-up's
 * best rate (with headroom): signing during the rounds would load the machine under measurement.
 */
async function topUp(pool: SignedRequest[], warmed: readonly Warmed[], actor: RemoteActorServer): Promise<{ count: number; seconds: number } | undefined> {
  const measuredSeconds = ROUNDS * SECONDS_PER_ROUND;
  const shortfall = Math.max(
    0,
    ...warmed
      .filter((w) => w.consumesPool)
      .map((w) => Math.ceil(Math.max(...w.warmUp.windowRates) * measuredSeconds * POOL_HEADROOM) - (pool.length - w.used())),
  );
  if (shortfall === 0) return undefined;
  const started = performance.now();
  const extra = await signedCreatePool(actor, shortfall, VIRTUAL_HOST, `topup-${Date.now().toString(36)}`);
  for (const signed of extra) pool.push(signed);
  return { count: shortfall, seconds: (performance.now() - started) / 1_000 };
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
    `${run.label}: ${int(r.accepted)} accepted in ${r.seconds.toFixed(1)} s (per round: ${r.perRound.map(int).join(', ')}/s)` +
    (refused.length ? `, refused ${refused.join(', ')} (first: ${r.firstRefusal})` : '') +
    (r.poolExhausted ? ', pool ran out before the time was up' : '') +
    (run.stored !== undefined ? `, ${int(run.stored)} stored/counted by the server in all (warm-up included)` : '') +
    `, ${run.actorFetches} actor fetches` +
    (r.cpuSecondsWhileMeasured !== undefined && r.accepted > 0 ? `, ${int((r.cpuSecondsWhileMeasured / r.accepted) * 1e6)} µs of server CPU per accepted activity` : '') +
    (r.cpuSecondsWhileIdle !== undefined ? `, ${r.cpuSecondsWhileIdle.toFixed(2)} CPU s while the others ran` : '')
  );
}

async function sumOf(...parts: Array<Promise<number | undefined>>): Promise<number | undefined> {
  const values = await Promise.all(parts);
  return values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, b) => a + b!, 0);
}

/** ours ÷ baseline in each round: "0.52, 0.55, …". */
function roundRatios(ours: Run, baseline: Run): string {
  return ours.result.perRound.map((rate, round) => ratio(rate, baseline.result.perRound[round] ?? 0)).join(', ');
}

function childCommand(label: string, script: string, env: Record<string, string> = {}): CommandFor {
  return (port) => ({ label, args: ['--import', 'tsx', script, String(port)], env: { ...process.env, ...env } });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}
