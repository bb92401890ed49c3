const SAMPLE_EVERY_MS = 25;

/**
 * Peak resident memory of this process (all threads) while a case runs. The OS's own peak (maxRSS) only
 * ever grows over the life of the process, so a per-case peak has to be sampled.
 */
export class PeakRssSampler {
  private peak = process.memoryUsage.rss();
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
