import * as hdr from 'hdr-histogram-js';
import type { HttpClient } from '../clients/http-client.ts';
import { REQUEST_PATH } from '../mock-server/protocol.ts';
import type { StrategyContext } from '../strategies/strategy.ts';
import { classifyError, emptyErrorCounts, ERROR_KINDS, type ErrorKind } from './error-kinds.ts';
import { prepare, type Preparation } from './preparation.ts';

/** Latencies up to an hour in microseconds, 3 significant digits: about 0.1% resolution. */
export function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

/** What a recorder holds, in a form that crosses a worker boundary (structured clone). */
export interface RecordedCounts {
  sent: number;
  ok: number;
  errors: Record<ErrorKind, number>;
  lateStarts: number;
  /** The first few distinct error messages, so a failure is explained, not just counted. */
  errorSamples: string[];
  histogram: string;
}

const MAX_ERROR_SAMPLES = 3;
/** A scheduled request that starts more than this after its time counts as late (timers tick in ms). */
export const LATE_START_MS = 1;

/** The request functions a strategy calls, bound to one client. */
export type RequestChannel = Pick<StrategyContext, 'send' | 'prepare' | 'request'>;

/**
 * Times every request in microseconds into an HDR histogram, from its send (or, for a scheduled request,
 * from its scheduled start), to the end of its body; counts every outcome: sent = ok + sum(errors).
 */
export class RequestRecorder {
  readonly histogram = newLatencyHistogram();
  sent = 0;
  ok = 0;
  lateStarts = 0;
  readonly errors = emptyErrorCounts();
  readonly errorSamples: string[] = [];

  /**
   * The functions a strategy calls for one client. Indices are offset by `firstIndex` (a thread's share),
   * ids are `<idPrefix>-<index>` and the index goes to the target, which draws the latency from it.
   */
  channel(client: HttpClient, idPrefix: string, preparation: Preparation, firstIndex = 0): RequestChannel {
    // Plain promise callbacks rather than an async function: one microtask hop fewer per request, which
    // shows at latency 0 (see the overhead suite).
    const request = (index: number, scheduledAt?: number): Promise<void> => {
      const n = firstIndex + index;
      const id = `${idPrefix}-${n}`;
      this.sent += 1;
      const started = performance.now();
      if (scheduledAt !== undefined && started - scheduledAt > LATE_START_MS) this.lateStarts += 1;
      return client.send(`${REQUEST_PATH}?id=${id}&n=${n}`, id).then(
        () => {
          this.histogram.recordValue(Math.round((performance.now() - (scheduledAt ?? started)) * 1000));
          this.ok += 1;
        },
        (error: unknown) => this.recordError(error),
      );
    };
    const prepareOne = () => prepare(preparation);
    const unprepared = preparation.cpuMs === 0 && preparation.waitMs === 0;
    return {
      prepare: prepareOne,
      request: (index) => request(index),
      // Without preparation a request is sent straight away: no extra await on the hot path.
      send: unprepared
        ? request
        : async (index, scheduledAt) => {
            await prepareOne();
            await request(index, scheduledAt);
          },
    };
  }

  recordError(error: unknown): void {
    this.errors[classifyError(error)] += 1;
    this.keepErrorSample(error instanceof Error ? error.message : String(error));
  }

  private keepErrorSample(message: string): void {
    if (this.errorSamples.length < MAX_ERROR_SAMPLES && !this.errorSamples.includes(message)) {
      this.errorSamples.push(message);
    }
  }

  get failed(): number {
    return ERROR_KINDS.reduce((sum, kind) => sum + this.errors[kind], 0);
  }

  toCounts(): RecordedCounts {
    return {
      sent: this.sent,
      ok: this.ok,
      errors: { ...this.errors },
      lateStarts: this.lateStarts,
      errorSamples: [...this.errorSamples],
      histogram: hdr.encodeIntoCompressedBase64(this.histogram),
    };
  }

  /** Adds another recorder's counts (from a worker thread) to this one. */
  merge(counts: RecordedCounts): void {
    this.sent += counts.sent;
    this.ok += counts.ok;
    this.lateStarts += counts.lateStarts;
    for (const kind of ERROR_KINDS) this.errors[kind] += counts.errors[kind];
    for (const message of counts.errorSamples) this.keepErrorSample(message);
    this.histogram.add(hdr.decodeFromCompressedBase64(counts.histogram));
  }
}
