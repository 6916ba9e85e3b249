/**
 * Flushes to the disk for many writers at once. A caller is answered by the first flush that starts
 * after its call, so what it wrote before calling is on the disk; callers arriving while a flush runs
 * share the next one. Under load one flush then serves every write that arrived during the last.
 */
export class GroupFlush {
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(private readonly flush: () => Promise<void>) {}

  /** Resolves once everything written before this call is on the disk; rejects if that flush failed. */
  after(): Promise<void> {
    if (!this.#running) return this.#start();
    this.#next ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    return this.#next;
  }

  /** Resolves once no flush is running or waiting, whatever became of them. */
  async idle(): Promise<void> {
    while (this.#running ?? this.#next) await (this.#next ?? this.#running)!.catch(() => undefined);
  }

  #start(): Promise<void> {
    const run = this.flush().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }
}
