import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bareFastifyCommand, commonplaceCommand } from './lib/commands.js';
import { repoRoot } from './lib/paths.js';
import { startServer, workDir, type CommandFor } from './lib/server.js';
import { int, median, ratio, type BenchResult } from './lib/report.js';

const REPEATS = 3;
const RESTART_TARGET_MS = 2_000;

/**
 * The CLI runs its compiled build (dist/) when it is current, and the TypeScript sources through
 * tsx otherwise, which is much slower to start. Before each instance starts, the build is brought up
 * to date (another session may have edited a source meanwhile); after, its log must not show the fallback.
 */
export function ensureCompiledCli(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--if-stale'], { cwd: repoRoot, stdio: 'ignore' });
}

export function assertRanCompiled(log: string): void {
  const fallback = readFileSync(log, 'utf8').split('\n').find((line) => line.includes('running the TypeScript sources'));
  if (fallback) throw new Error(`the instance did not run the compiled build, the figures would not be comparable: ${fallback}`);
}

/**
 * Spawn to first 200 on /healthz for the demo instance on PGlite: a first start on an empty
 * DATA_DIR (initdb, migrations, demo seed) and a restart on the same directory. Baseline: a bare
 * Fastify app in `node -e`, measured the same way.
 */
export async function coldStart(): Promise<BenchResult> {
  const work = workDir('cold-start');
  try {
    const first: Timing[] = [];
    const restart: Timing[] = [];
    const baseline: Timing[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const dataDir = join(work.path, `data-${i}`);
      const log = join(work.path, `run-${i}.log`);
      first.push(await startCompiledAndStop(commonplaceCommand({ dataDir }), join(work.path, `first-${i}.log`)));
      restart.push(await startCompiledAndStop(commonplaceCommand({ dataDir }), join(work.path, `restart-${i}.log`)));
      baseline.push(await startAndStop(bareFastifyCommand, log));
    }

    const firstMs = median(first.map((t) => t.readyMs));
    const restartMs = median(restart.map((t) => t.readyMs));
    const baselineMs = median(baseline.map((t) => t.readyMs));
    const pass = restartMs < RESTART_TARGET_MS;
    return {
      name: 'cold-start',
      line:
        `cold-start: restart ${int(restartMs)} ms, first start ${int(firstMs)} ms (median of ${REPEATS}); ` +
        `baseline bare fastify ${int(baselineMs)} ms; ratio restart ${ratio(restartMs, baselineMs)}, first start ${ratio(firstMs, baselineMs)}; ` +
        `target restart < ${int(RESTART_TARGET_MS)} ms: ${pass ? 'pass' : 'FAIL'}`,
      details: [
        `first start ms: ${samples(first, 'readyMs')}; restart ms: ${samples(restart, 'readyMs')}; baseline ms: ${samples(baseline, 'readyMs')}`,
        `graceful stop (SIGTERM to exit) ms: after first start ${samples(first, 'stopMs')}; after restart ${samples(restart, 'stopMs')}; baseline ${samples(baseline, 'stopMs')}`,
      ],
      rows: [
        {
          metric: 'Cold start, restart (PGlite, spawn → first 200 on /healthz)',
          value: `${int(restartMs)} ms`,
          baseline: `${int(baselineMs)} ms`,
          ratio: ratio(restartMs, baselineMs),
          target: `< ${int(RESTART_TARGET_MS)} ms`,
          pass,
        },
        {
          metric: 'Cold start, first start (PGlite initdb + migrations + demo seed)',
          value: `${int(firstMs)} ms`,
          baseline: `${int(baselineMs)} ms`,
          ratio: ratio(firstMs, baselineMs),
        },
      ],
    };
  } finally {
    work.cleanup();
  }
}

interface Timing {
  readyMs: number;
  stopMs: number;
}

async function startCompiledAndStop(command: CommandFor, log: string): Promise<Timing> {
  ensureCompiledCli();
  const timing = await startAndStop(command, log);
  assertRanCompiled(log);
  return timing;
}

async function startAndStop(command: CommandFor, log: string): Promise<Timing> {
  const server = await startServer(command, log);
  const stopMs = await server.stop();
  return { readyMs: server.readyMs, stopMs };
}

function samples(timings: readonly Timing[], key: keyof Timing): string {
  return timings.map((t) => int(t[key])).join(', ');
}
