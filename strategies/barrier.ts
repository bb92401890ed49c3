/**
 * asyncio.Barrier(parties) for Node: `wait` resolves for everyone once `parties` callers are waiting.
 * Hand-written because it is one counter and one promise.
 */
export class Barrier {
  private waiting = 0;
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  readonly parties: number;

  constructor(parties: number) {
    this.parties = parties;
  }

  wait(): Promise<void> {
    this.waiting += 1;
    if (this.waiting >= this.parties) this.release();
    return this.released;
  }
}
