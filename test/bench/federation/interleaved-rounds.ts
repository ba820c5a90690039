import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendSigned, type SignedRequest } from './signed-load.js';

/** A server under test, already warm, with its own cursor into the signed pool. */
export interface Contestant {
  label: string;
  port: number;
  /** CPU seconds its processes have used so far (its node process; for PostgreSQL, the database server's too), or undefined. */
  cpuSeconds: () => Promise<number | undefined>;
  next: () => SignedRequest | undefined;
}

export interface ContestantTotals {
  label: string;
  accepted: number;
  seconds: number;
  acceptedPerSecond: number;
  /** accepted/s in each round, in round order. */
  perRound: number[];
  /** Status code -> count, for answers other than 2xx, over every round. */
  refused: Record<string, number>;
  poolExhausted: boolean;
  firstRefusal?: string;
  /**
   * CPU seconds this server's process used while the others were measured: work left over from its
   * own turn (background jobs, say) would show here and steal time from the others. Undefined
   * without /proc.
   */
  cpuSecondsWhileIdle?: number;
  /** CPU seconds its processes used during its own turns. */
  cpuSecondsWhileMeasured?: number;
}

export interface RoundSettings {
  rounds: number;
  secondsPerRound: number;
  connections: number;
  /** Pause after each turn, so one server's last responses are not in flight during the next one's turn. */
  settleMs: number;
}

/**
 * Measures every contestant in short turns, round after round, each round in a rotated order, under
 * the same load: a machine whose speed drifts over a minute (a shared host, thermal limits) then
 * slows or speeds all of them alike, where one long run each, one after another, would give the
 * drift to whichever ran during it. Totals are accepted requests over measured seconds, across rounds.
 */
export async function interleavedRounds(contestants: readonly Contestant[], settings: RoundSettings): Promise<ContestantTotals[]> {
  const totals = contestants.map(
    (c): ContestantTotals => ({ label: c.label, accepted: 0, seconds: 0, acceptedPerSecond: 0, perRound: [], refused: {}, poolExhausted: false, cpuSecondsWhileIdle: 0, cpuSecondsWhileMeasured: 0 }),
  );
  for (let round = 0; round < settings.rounds; round++) {
    for (let turn = 0; turn < contestants.length; turn++) {
      const index = (round + turn) % contestants.length;
      const contestant = contestants[index]!;
      const cpuBefore = await cpuSecondsOf(contestants);
      const result = await sendSigned(contestant.port, contestant.next, { connections: settings.connections, seconds: settings.secondsPerRound });
      await sleep(settings.settleMs);
      const cpuAfter = await cpuSecondsOf(contestants);
      const total = totals[index]!;
      total.accepted += result.accepted;
      total.seconds += result.seconds;
      total.perRound[round] = result.acceptedPerSecond;
      total.poolExhausted ||= result.poolExhausted;
      total.firstRefusal ??= result.firstRefusal;
      for (const [status, count] of Object.entries(result.refused)) total.refused[status] = (total.refused[status] ?? 0) + count;
      contestants.forEach((_, other) => {
        const field = other === index ? 'cpuSecondsWhileMeasured' : 'cpuSecondsWhileIdle';
        const sum = totals[other]![field];
        const before = cpuBefore[other];
        const after = cpuAfter[other];
        totals[other]![field] = before === undefined || after === undefined || sum === undefined ? undefined : sum + (after - before);
      });
    }
  }
  for (const total of totals) total.acceptedPerSecond = total.seconds > 0 ? total.accepted / total.seconds : 0;
  return totals;
}

function cpuSecondsOf(contestants: readonly Contestant[]): Promise<Array<number | undefined>> {
  return Promise.all(contestants.map((c) => c.cpuSeconds()));
}

/**
 * User + system CPU of a process from /proc/<pid>/stat (clock ticks of 1/100 s on Linux), or
 * undefined; with `reapedChildren`, its finished children's too.
 */
export async function processCpuSeconds(pid: number, reapedChildren = false): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return undefined;
  }
}

/**
 * CPU of every process named `postgres` on this machine (the server the bench's DATABASE_URL points
 * at, when it is local): its background writers and vacuum run after the load that caused them, and
 * would otherwise land unseen in another server's turn. Backends and vacuum workers that have exited
 * count through their parent's reaped-children times. Undefined without /proc.
 */
export async function postgresCpuSeconds(): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  let sum = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() !== 'postgres') continue;
    sum += (await processCpuSeconds(Number(entry), true)) ?? 0;
  }
  return sum;
}
