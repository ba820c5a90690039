import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

/** The machine figures come from, as docs/performance.md records it. */
export function describeMachine(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep "unknown CPU"
  }
  const ramGb = (totalmem() / 1024 ** 3).toFixed(1);
  const date = new Date().toISOString().slice(0, 10);
  return `${availableParallelism()} CPUs (nproc), ${cpu}, ${ramGb} GB RAM, Node ${process.version}, ${date}, load average ${loadavg()[0]!.toFixed(2)} at start`;
}

/** Other work on the machine skews every figure; say so when the 1-minute load is above half the CPUs. */
export function busyWarning(): string | undefined {
  const load = loadavg()[0]!;
  const cpus = availableParallelism();
  return load > cpus / 2 ? `Warning: load average ${load.toFixed(2)} on ${cpus} CPUs; other work on this machine skews these figures.` : undefined;
}
