/**
 * Runs `work` every `intervalMs`, and at once when woken (a job was just enqueued or finished).
 * Wake-ups during a pass are coalesced into one more pass, so passes never overlap.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  wake(): void {
    if (!this.running) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pass = this.loop();
  }

  /** Resolves once no pass is in progress. */
  async idle(): Promise<void> {
    while (this.pass) await this.pass;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        try {
          await this.work();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && this.running);
    } finally {
      this.pass = undefined;
      // Not unref'd: in a worker process with the in-process adapter, this timer is what keeps it alive.
      if (this.running) this.timer = setTimeout(() => this.wake(), this.intervalMs);
    }
  }
}
