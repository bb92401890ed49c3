/** Width of one bucket of the in-flight timeline, in milliseconds. */
export const TIMELINE_BUCKET_MS = 1;
/** Buckets kept: ten minutes of one iteration. Later events are left out of the timeline only. */
const MAX_BUCKETS = 600_000;
const INITIAL_BUCKETS = 1024;

/**
 * Requests in flight over time since the reset, bucketed: for each bucket the most requests that were in
 * flight at once during it. Memory is two numbers per bucket, whatever the number of requests.
 */
export class InFlightTimeline {
  /** Most in flight during the bucket (-1: no event in it), and the count after its last event. */
  private peaks = new Int32Array(INITIAL_BUCKETS).fill(-1);
  private after = new Int32Array(INITIAL_BUCKETS);
  private used = 0;
  private startMs = performance.now();

  /** Called on every arrival and departure (at `nowMs`, a performance.now() time), with the in-flight count after it. */
  observe(inFlight: number, nowMs: number): void {
    const bucket = Math.floor((nowMs - this.startMs) / TIMELINE_BUCKET_MS);
    if (bucket >= MAX_BUCKETS) return;
    if (bucket >= this.peaks.length) this.grow(bucket + 1);
    this.peaks[bucket] = Math.max(this.peaks[bucket]!, inFlight);
    this.after[bucket] = inFlight;
    if (bucket >= this.used) this.used = bucket + 1;
  }

  reset(inFlight: number): void {
    this.peaks = new Int32Array(INITIAL_BUCKETS).fill(-1);
    this.after = new Int32Array(INITIAL_BUCKETS);
    this.used = 0;
    this.startMs = performance.now();
    this.observe(inFlight, this.startMs);
  }

  /** One value per bucket from the reset to the last event; a bucket without events keeps the level. */
  values(): number[] {
    const out: number[] = [];
    let level = 0;
    for (let bucket = 0; bucket < this.used; bucket++) {
      const peak = this.peaks[bucket]!;
      out.push(peak >= 0 ? peak : level);
      if (peak >= 0) level = this.after[bucket]!;
    }
    return out;
  }

  private grow(needed: number): void {
    const size = Math.min(MAX_BUCKETS, Math.max(needed, this.peaks.length * 2));
    const peaks = new Int32Array(size).fill(-1);
    const after = new Int32Array(size);
    peaks.set(this.peaks);
    after.set(this.after);
    this.peaks = peaks;
    this.after = after;
  }
}
