/**
 * A value read from the database and kept for `seconds` (0: read every time), one read at a time
 * however many callers ask meanwhile. For small, rarely changed tables read on every request (the
 * domain blocks, the allow-list). A read in flight when `invalidate` is called is not kept.
 */
export class Snapshot<Value> {
  private value: { data: Value; at: number } | null = null;
  private loading: Promise<Value> | null = null;
  /** Bumped by invalidate, so a read that started before it is not kept. */
  private generation = 0;

  constructor(
    private readonly load: () => Promise<Value>,
    private readonly seconds: number,
  ) {}

  async get(): Promise<Value> {
    if (this.value && performance.now() - this.value.at < this.seconds * 1000) return this.value.data;
    const generation = this.generation;
    this.loading ??= this.load().then(
      (data) => {
        if (generation === this.generation) {
          if (this.seconds > 0) this.value = { data, at: performance.now() };
          this.loading = null;
        }
        return data;
      },
      (error: unknown) => {
        if (generation === this.generation) this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  invalidate(): void {
    this.value = null;
    this.loading = null;
    this.generation += 1;
  }
}
