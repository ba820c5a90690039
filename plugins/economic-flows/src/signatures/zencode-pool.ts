import { Worker } from 'node:worker_threads';
import { ServiceUnavailableError } from '@commonplace/sdk';

export interface ZencodeResult {
  result: string;
  logs: string;
}

interface Pending {
  id: number;
  script: string;
  data?: string;
  keys?: string;
  resolve(result: ZencodeResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
  /** Set while the worker waits for work: it is retired when this fires. */
  idle: NodeJS.Timeout | null;
}

/** A Zencode script that failed: its logs say why (Zenroom prints the failing statement). */
export class ZencodeError extends Error {
  constructor(readonly logs: string) {
    super(`Zencode failed: ${lastErrorLine(logs)}`);
  }
}

/**
 * Runs Zencode in a pool of worker threads: each Zenroom call blocks its thread, so requests never wait
 * on it in the event loop, and `size` calls run at once. Workers start on first use and do not keep the
 * process alive; a call over `timeoutMs` fails and its worker is replaced. A worker left without work
 * for `idleMs` is retired: each holds Zenroom's tens of megabytes, and most instances call Zencode
 * rarely (the demo's seed, an occasional Zenflows client), so a server idles without them.
 */
export class ZencodePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: { size: number; timeoutMs: number; idleMs?: number }) {}

  run(script: string, input: { data?: object; keys?: object } = {}): Promise<ZencodeResult> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('The Zencode pool is shut down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        script,
        ...(input.data ? { data: JSON.stringify(input.data) } : {}),
        ...(input.keys ? { keys: JSON.stringify(input.keys) } : {}),
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  /** Runs a script and parses its JSON output. */
  async json<T>(script: string, input: { data?: object; keys?: object } = {}): Promise<T> {
    const { result } = await this.run(script, input);
    return JSON.parse(result) as T;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new ServiceUnavailableError('The Zencode pool is shut down.'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.busy === null);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.busy = pending;
      slot.timer = setTimeout(() => this.timeOut(slot!), this.options.timeoutMs);
      slot.worker.postMessage({ id: pending.id, script: pending.script, data: pending.data, keys: pending.keys });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./zencode-worker.mjs', import.meta.url));
    worker.unref();
    const slot: Slot = { worker, busy: null, timer: null, idle: null };
    worker.on('message', (message: { id: number; ok: boolean; result?: string; logs: string }) => {
      const pending = slot.busy;
      if (!pending || pending.id !== message.id) return;
      this.release(slot);
      if (message.ok) pending.resolve({ result: message.result ?? '', logs: message.logs });
      else pending.reject(new ZencodeError(message.logs));
      this.dispatch();
      if (slot.busy === null) this.retireWhenIdle(slot);
    });
    worker.on('error', (error) => this.replace(slot, error));
    worker.on('exit', () => this.replace(slot, new Error('Zencode worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private retireWhenIdle(slot: Slot): void {
    const idleMs = this.options.idleMs;
    if (idleMs === undefined) return;
    slot.idle = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (index === -1 || slot.busy) return;
      this.slots.splice(index, 1);
      // Out of the pool first, so its exit is not taken for a failure to replace.
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
    }, idleMs);
    slot.idle.unref();
  }

  /** Workers running now (started on demand, retired when idle). */
  get workerCount(): number {
    return this.slots.length;
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
  }

  private timeOut(slot: Slot): void {
    const pending = slot.busy;
    this.replace(slot, new ServiceUnavailableError(`Zencode took longer than ${this.options.timeoutMs} ms.`));
    void slot.worker.terminate();
    void pending;
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const pending = slot.busy;
    this.release(slot);
    pending?.reject(error instanceof ServiceUnavailableError || error instanceof ZencodeError ? error : new ServiceUnavailableError(`Zencode worker failed: ${error.message}`));
    if (!this.closed) this.dispatch();
  }
}

function lastErrorLine(logs: string): string {
  const lines = logs.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.reverse().find((line) => /\[!\]|error|fail/i.test(line))?.slice(0, 300) ?? 'see logs';
}
