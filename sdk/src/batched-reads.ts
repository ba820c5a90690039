type Waiter<Value> = { resolve: (value: Value | undefined) => void; reject: (error: unknown) => void };

/**
 * Reads that concurrent requests share, one query per database round trip, none of them older than
 * the request that gets its answer.
 *
 * Under load, every request of a kind asks the same small question (which session is this token,
 * has the discover list changed): one round trip each costs more, in system calls and the database's
 * own work, than the request does otherwise. A `BatchedReads` sends a read for the `get`s of one
 * turn of the event loop; the `get`s that arrive while that read is in flight wait and share the next
 * read, which asks for all their keys together. No `get` is answered by a read sent before it was
 * called, so a request still sees every write that was committed before it arrived (read-your-writes
 * holds), as it would alone. A quiet server pays next to nothing: a lone `get` waits only for the end
 * of the current turn.
 */
export class BatchedReads<Key, Value> {
  private waiting = new Map<Key, Array<Waiter<Value>>>();
  private reading = false;

  constructor(
    /** Reads every key given (at most `maxKeys` of them) and answers those it found. */
    private readonly read: (keys: readonly Key[]) => Promise<ReadonlyMap<Key, Value>>,
    /** The most keys in one read; more waiting keys wait for the next read. */
    private readonly maxKeys = 100,
  ) {}

  /** The value for `key` as a read started after this call finds it, or undefined when it finds none. */
  get(key: Key): Promise<Value | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.reading) {
        this.reading = true;
        // After the I/O callbacks of this turn of the event loop: requests that came in together join
        // the first read too. It matters most on the embedded database, whose queries hold the event
        // loop while they run, so that nothing can arrive during a read to share the next one.
        setImmediate(() => void this.readWaiting());
      }
    });
  }

  private async readWaiting(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch = this.takeBatch();
      try {
        const found = await this.read([...batch.keys()]);
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.reading = false;
  }

  private takeBatch(): Map<Key, Array<Waiter<Value>>> {
    if (this.waiting.size <= this.maxKeys) {
      const all = this.waiting;
      this.waiting = new Map();
      return all;
    }
    const batch = new Map<Key, Array<Waiter<Value>>>();
    for (const [key, waiters] of this.waiting) {
      if (batch.size === this.maxKeys) break;
      batch.set(key, waiters);
      this.waiting.delete(key);
    }
    return batch;
  }
}
