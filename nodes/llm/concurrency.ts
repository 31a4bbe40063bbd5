/** At most `limit` tasks in flight in this thread; the rest wait in arrival order. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Atomics.waitAsync (Node 16+), which TypeScript's ES2022 library does not declare. */
const waitAsync = (Atomics as unknown as { waitAsync(array: BigInt64Array, index: number, value: bigint, timeoutMs: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

/** Re-check this often while waiting: a slot freed where no notify reached us (a thread that died) is still found. */
const RECHECK_MS = 100;

/**
 * At most `limit` tasks in flight among every copy of a node in a run: the count of tasks in flight
 * is a slot of the node's run counters (shared memory, SetupContext.runCounters), so lockstep lanes
 * and worker threads draw on one limit. Waiting tasks are woken in the order they began to wait.
 */
export class SharedConcurrencyLimit {
  constructor(
    private readonly slots: BigInt64Array,
    private readonly slot: number,
    private readonly limit: number,
  ) {}

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      Atomics.sub(this.slots, this.slot, 1n);
      Atomics.notify(this.slots, this.slot, 1);
    }
  }

  private async acquire(signal: AbortSignal): Promise<void> {
    const limit = BigInt(this.limit);
    for (;;) {
      signal.throwIfAborted();
      const inFlight = Atomics.load(this.slots, this.slot);
      if (inFlight < limit) {
        if (Atomics.compareExchange(this.slots, this.slot, inFlight, inFlight + 1n) === inFlight) return;
        continue;
      }
      const wait = waitAsync(this.slots, this.slot, inFlight, RECHECK_MS);
      if (wait.async) await wait.value;
    }
  }
}
