import * as hdr from 'hdr-histogram-js';
import type { HttpClient } from '../clients/http-client.ts';
import { REQUEST_PATH } from '../mock-server/protocol.ts';
import { classifyError, emptyErrorCounts, ERROR_KINDS, type ErrorKind } from './error-kinds.ts';

/** Latencies up to an hour in microseconds, 3 significant digits: about 0.1% resolution. */
export function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

/** What a recorder holds, in a form that crosses a worker boundary (structured clone). */
export interface RecordedCounts {
  sent: number;
  ok: number;
  errors: Record<ErrorKind, number>;
  /** The first few distinct error messages, so a failure is explained, not just counted. */
  errorSamples: string[];
  histogram: string;
}

const MAX_ERROR_SAMPLES = 3;

/**
 * Times every request from its send to the end of its body, in microseconds, into an HDR histogram, and
 * counts every outcome: sent = ok + sum(errors).
 */
export class RequestRecorder {
  readonly histogram = newLatencyHistogram();
  sent = 0;
  ok = 0;
  readonly errors = emptyErrorCounts();
  readonly errorSamples: string[] = [];

  /** The `send(index)` a strategy calls: never rejects, every outcome is recorded. */
  sender(client: HttpClient, idPrefix: string, firstIndex = 0): (index: number) => Promise<void> {
    return async (index) => {
      const id = `${idPrefix}-${firstIndex + index}`;
      this.sent += 1;
      const started = process.hrtime.bigint();
      try {
        await client.send(`${REQUEST_PATH}?id=${id}`, id);
        this.histogram.recordValue(Number((process.hrtime.bigint() - started) / 1000n));
        this.ok += 1;
      } catch (error) {
        this.recordError(error);
      }
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
      errorSamples: [...this.errorSamples],
      histogram: hdr.encodeIntoCompressedBase64(this.histogram),
    };
  }

  /** Adds another recorder's counts (from a worker thread) to this one. */
  merge(counts: RecordedCounts): void {
    this.sent += counts.sent;
    this.ok += counts.ok;
    for (const kind of ERROR_KINDS) this.errors[kind] += counts.errors[kind];
    for (const message of counts.errorSamples) this.keepErrorSample(message);
    this.histogram.add(hdr.decodeFromCompressedBase64(counts.histogram));
  }
}
