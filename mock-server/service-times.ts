/**
 * At most this many per-request records are kept for one iteration (8 bytes each: 800 KB at most), so the
 * target's memory does not grow with N; a larger case's ideal comes from the closed form instead.
 */
export const MAX_RECORDED_REQUESTS = 100_000;

/**
 * How long the target held each request index of the current iteration, from its arrival to the last
 * byte of its response leaving (the latency it applied plus its own handling), in milliseconds; NaN
 * where no request with that index arrived. Cleared at every reset, so memory is bounded by one
 * iteration; indices past MAX_RECORDED_REQUESTS are counted but not kept.
 */
export class ServiceTimes {
  private values = new Float64Array(1024).fill(Number.NaN);
  private length = 0;
  dropped = 0;

  record(index: number, ms: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= MAX_RECORDED_REQUESTS) {
      this.dropped += 1;
      return;
    }
    if (index >= this.values.length) {
      let size = this.values.length;
      while (size <= index) size *= 2;
      const grown = new Float64Array(Math.min(size, MAX_RECORDED_REQUESTS)).fill(Number.NaN);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = ms;
    if (index >= this.length) this.length = index + 1;
  }

  clear(): void {
    // Keep a large buffer only while it is in use: the next iteration grows it again if it needs to.
    this.values = new Float64Array(1024).fill(Number.NaN);
    this.length = 0;
    this.dropped = 0;
  }

  /** The records 0 .. highest index, as little-endian float64 bytes. */
  toBytes(): Buffer {
    const view = this.values.subarray(0, this.length);
    return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  }
}
