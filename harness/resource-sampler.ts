import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const SAMPLE_EVERY_MS = 25;

/**
 * Peak resident memory of this process (all threads) and peak V8 heap of the main thread while a case
 * runs, and the main thread's event-loop delay. The OS's own peak (maxRSS) only ever grows over the life
 * of the process, so a per-case peak has to be sampled.
 */
export class ResourceSampler {
  private peakRss = process.memoryUsage.rss();
  private peakHeap = process.memoryUsage().heapUsed;
  private timer: NodeJS.Timeout | undefined;
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  start(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
    this.delay.enable();
  }

  /** Pause the delay monitor (setup and teardown between iterations are not what we measure). */
  pauseDelay(): void {
    this.delay.disable();
  }

  resumeDelay(): void {
    this.delay.enable();
  }

  sample(): void {
    let usage: NodeJS.MemoryUsage;
    try {
      usage = process.memoryUsage();
    } catch {
      // Reading the RSS opens /proc/self/stat: with every descriptor taken (EMFILE) this sample is
      // skipped, and the case, which fails those requests with the hint, goes on.
      return;
    }
    const { rss, heapUsed } = usage;
    if (rss > this.peakRss) this.peakRss = rss;
    if (heapUsed > this.peakHeap) this.peakHeap = heapUsed;
  }

  stop(): { peakRssBytes: number; peakHeapBytes: number; eventLoopDelayP99Ms: number } {
    clearInterval(this.timer);
    this.delay.disable();
    this.sample();
    const p99 = this.delay.count > 0 ? this.delay.percentile(99) / 1e6 : 0;
    return { peakRssBytes: this.peakRss, peakHeapBytes: this.peakHeap, eventLoopDelayP99Ms: p99 };
  }
}
