/**
 * asyncio.Queue(maxsize) for Node: `put` waits while the queue is full, iteration waits while it is empty
 * and ends once it is closed and drained. Hand-written: the task-queue packages (p-queue and friends) run
 * functions with a concurrency, which is limited-pool again, not a bounded channel between a producer
 * and workers.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private readonly waitingTakers: Array<() => void> = [];
  private readonly waitingPutters: Array<() => void> = [];

  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity) await new Promise<void>((wake) => this.waitingPutters.push(wake));
    this.items.push(item);
    this.waitingTakers.shift()?.();
  }

  close(): void {
    this.closed = true;
    for (const wake of this.waitingTakers.splice(0)) wake();
  }

  get size(): number {
    return this.items.length;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length === 0 && !this.closed) await new Promise<void>((wake) => this.waitingTakers.push(wake));
      if (this.items.length === 0) return;
      const item = this.items.shift()!;
      this.waitingPutters.shift()?.();
      yield item;
    }
  }
}
