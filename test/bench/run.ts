/**
 * `npm run bench` runs every benchmark in sequence; `npm run bench -- cold-start` runs one.
 * Each prints its figures with a ratio against a baseline measured in the same run; the table for
 * docs/performance.md is printed at the end and written to .bench/latest.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { coldStart } from './cold-start.js';
import { idleMemory } from './idle-memory.js';
import { meThroughput } from './me-throughput.js';
import { inboxThroughput } from './inbox-throughput.js';
import { delivery } from './delivery.js';
import { search } from './search.js';
import { busyWarning, describeMachine } from './lib/machine.js';
import { repoRoot } from './lib/paths.js';
import { markdownTable, type BenchResult } from './lib/report.js';

const benchmarks: Record<string, () => Promise<BenchResult>> = {
  'cold-start': coldStart,
  'idle-memory': idleMemory,
  'me-throughput': meThroughput,
  'inbox-throughput': inboxThroughput,
  delivery,
  search,
  discover: () => import('./discover.js').then((module) => module.discover()),
  'economic-events': () => import('./economic-events.js').then((module) => module.economicEvents()),
};

// Options (`--quick`) are for the benchmarks themselves, not names.
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}.`);
  process.exit(2);
}

const machine = describeMachine();
console.log(`Machine: ${machine}`);
console.log(`${busyWarning() ?? ''}\n`);
const results: BenchResult[] = [];
let failed = false;
for (const name of requested.length ? requested : Object.keys(benchmarks)) {
  const started = performance.now();
  try {
    const result = await benchmarks[name]!();
    results.push(result);
    console.log(result.line);
    for (const detail of result.details ?? []) console.log(`  ${detail}`);
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    failed = true;
    console.error(`${name}: did not complete: ${(error as Error).message}\n`);
  }
}

if (results.length) {
  const report = `${markdownTable(results.flatMap((r) => r.rows))}\n\nMachine: ${machine}, ${loadavg()[0]!.toFixed(2)} at end\n`;
  console.log(report);
  mkdirSync(`${repoRoot}.bench`, { recursive: true });
  writeFileSync(`${repoRoot}.bench/latest.md`, report);
}
process.exit(failed ? 1 : 0);
