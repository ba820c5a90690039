import type { InstanceSettings, JobDefinition } from '@commonplace/sdk/internal';

/** A definition with the instance defaults filled in. */
export interface ResolvedJob {
  name: string;
  handler: JobDefinition['handler'];
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  /** Own slots per process; undefined: the shared slots (jobs.concurrency). */
  concurrency: number | undefined;
}

/** A set of job names that share slots in a process. */
export interface SlotPool {
  names: string[];
  concurrency: number;
}

/** The job names this process knows, fixed at boot: enqueueing any other name is a bug. */
export class JobRegistry {
  private readonly jobs = new Map<string, ResolvedJob>();
  private sealed = false;

  constructor(private readonly defaults: InstanceSettings['jobs']) {}

  register(name: string, definition: JobDefinition): void {
    if (this.sealed) throw new Error(`Job "${name}" must be registered before the jobs backend starts`);
    if (this.jobs.has(name)) throw new Error(`Job "${name}" is already registered`);
    this.jobs.set(name, {
      name,
      handler: definition.handler,
      maxAttempts: definition.maxAttempts ?? this.defaults.maxAttempts,
      backoffMs: definition.backoffMs ?? this.defaults.backoffMs,
      timeoutMs: definition.timeoutMs ?? this.defaults.timeoutMs,
      concurrency: definition.concurrency !== undefined ? Math.max(1, Math.floor(definition.concurrency)) : undefined,
    });
  }

  /** After start: handlers are being run, so the set of names must not change under them. */
  seal(): void {
    this.sealed = true;
  }

  get(name: string): ResolvedJob {
    const job = this.jobs.get(name);
    if (!job) {
      const known = [...this.jobs.keys()].sort().join(', ') || 'none';
      throw new Error(`Unknown job "${name}" (registered jobs: ${known})`);
    }
    return job;
  }

  find(name: string): ResolvedJob | undefined {
    return this.jobs.get(name);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** The shared pool (jobs.concurrency) and one pool per job that declares slots of its own. */
  pools(): SlotPool[] {
    const shared: SlotPool = { names: [], concurrency: this.defaults.concurrency };
    const own: SlotPool[] = [];
    for (const job of this.jobs.values()) {
      if (job.concurrency === undefined) shared.names.push(job.name);
      else own.push({ names: [job.name], concurrency: job.concurrency });
    }
    return [shared, ...own].filter((pool) => pool.names.length > 0);
  }

  /** Every slot of this process, for a backend that runs all jobs from one pool (BullMQ's worker). */
  totalConcurrency(): number {
    return this.pools().reduce((sum, pool) => sum + pool.concurrency, 0) || this.defaults.concurrency;
  }
}
