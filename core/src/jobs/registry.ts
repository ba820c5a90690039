import type { InstanceSettings, JobDefinition } from '@commonplace/sdk';

/** A definition with the instance defaults filled in. */
export interface ResolvedJob {
  name: string;
  handler: JobDefinition['handler'];
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
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
}
