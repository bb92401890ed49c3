import * as hdr from 'hdr-histogram-js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from '../clients/http-client.ts';
import { REQUEST_PATH } from '../mock-server/protocol.ts';
import type { StrategyContext } from '../strategies/strategy.ts';
import { classifyError, emptyErrorCounts, ERROR_KINDS, resourceHint, type ErrorKind } from './error-kinds.ts';
import { prepare, type BurnStop, type Preparation } from './preparation.ts';
import { RETRYABLE, retryDelayMs, type RequestPolicy } from './retry-policy.ts';

/** Latencies up to an hour in microseconds, 3 significant digits: about 0.1% resolution. */
function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

/** What a recorder holds, in a form that crosses a worker boundary (structured clone). */
export interface RecordedCounts {
  sent: number;
  attempts: number;
  ok: number;
  errors: Record<ErrorKind, number>;
  retries: Record<ErrorKind, number>;
  lateStarts: number;
  /** The first few distinct error messages (with a hint for resource errors), so a failure is explained. */
  errorSamples: string[];
  histogram: string;
}

const MAX_ERROR_SAMPLES = 3;
const CUT_OFF = new Error('not sent: the case was cut off');
/** A scheduled request that starts more than this after its time counts as late (timers tick in ms). */
const LATE_START_MS = 1;

/** The request functions a strategy calls, bound to one client. */
export type RequestChannel = Pick<StrategyContext, 'send' | 'prepare' | 'request'>;

/**
 * Times every request in microseconds into an HDR histogram, from its send (or, for a scheduled request,
 * from its scheduled start) to the end of its body, retries included; counts every outcome:
 * sent = ok + failed (by kind), and attempts = sent + retries, which is what the target receives.
 */
export class RequestRecorder implements BurnStop {
  readonly histogram = newLatencyHistogram();
  sent = 0;
  attempts = 0;
  ok = 0;
  lateStarts = 0;
  readonly errors = emptyErrorCounts();
  readonly retries = emptyErrorCounts();
  readonly errorSamples: string[] = [];
  /** Set when the harness cuts the case off: what fails from then on is `cancelled`. */
  cancelled = false;
  /** The case's deadline (a performance.now() time): a preparation's CPU burn ends there (preparation.ts). */
  cutOffAt = Infinity;

  /**
   * The functions a strategy calls for one client. Indices are offset by `firstIndex` (a thread's share),
   * ids are `<idPrefix>-<index>`, and the index (and attempt) go to the target, which draws from them.
   */
  channel(client: HttpClient, idPrefix: string, preparation: Preparation, policy: RequestPolicy, firstIndex = 0): RequestChannel {
    // One attempt, with the client's own timeout: the harness adds nothing per request but the
    // callbacks, and it settles in a single promise reaction (each extra hop shows at latency 0).
    const attempt = <T>(n: number, id: string, attemptNumber: number, onOk: () => T, onError: (error: unknown) => T): Promise<T> => {
      this.attempts += 1;
      const path = `${REQUEST_PATH}?id=${id}&n=${n}${attemptNumber > 0 ? `&a=${attemptNumber}` : ''}`;
      return client.send(path, id).then(onOk, onError);
    };
    const succeeded = (started: number) => {
      this.histogram.recordValue(Math.round((performance.now() - started) * 1000));
      this.ok += 1;
    };
    const withRetries = async (n: number, id: string, started: number) => {
      for (let attemptNumber = 0; ; attemptNumber++) {
        const failure = await attempt(n, id, attemptNumber, () => undefined, (error) => ({ error }));
        if (!failure) return succeeded(started);
        const kind = this.kindOf(failure.error);
        if (attemptNumber >= policy.retries || !RETRYABLE.has(kind) || this.cancelled) return this.recordError(failure.error);
        this.retries[kind] += 1;
        await sleep(retryDelayMs(policy, n, attemptNumber, failure.error));
      }
    };
    const request = (index: number, scheduledAt?: number): Promise<void> => {
      this.sent += 1;
      // Once the case is cut off, what the strategy still sends never reaches the client (a node:http
      // Agent would open new sockets for it, and the next case's target would serve it).
      if (this.cancelled) return Promise.resolve(this.recordError(CUT_OFF));
      const n = firstIndex + index;
      const id = `${idPrefix}-${n}`;
      const now = performance.now();
      if (scheduledAt !== undefined && now - scheduledAt > LATE_START_MS) this.lateStarts += 1;
      const started = scheduledAt ?? now;
      if (policy.retries > 0) return withRetries(n, id, started);
      return attempt(n, id, 0, () => succeeded(started), (error) => this.recordError(error));
    };
    const prepareOne = () => prepare(preparation, this);
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

  /**
   * The counts of an iteration the harness cuts off, as they stand at the cut: the requests sent that have
   * not ended count as `cancelled` (so sent = ok + failed holds), and from then on this recorder refuses
   * sends. A copy, with no latencies (the iteration is not timed): what the cut iteration still does as it
   * winds down changes nothing in it.
   */
  cutOff(): RequestRecorder {
    this.cancelled = true;
    const counts = new RequestRecorder();
    counts.addCounts(this);
    const inFlight = this.sent - this.ok - this.failed;
    if (inFlight > 0) {
      counts.errors.cancelled += inFlight;
      counts.keepErrorSample(`${inFlight} in flight when the case was cut off`);
    }
    return counts;
  }

  private kindOf(error: unknown): ErrorKind {
    return this.cancelled ? 'cancelled' : classifyError(error);
  }

  recordError(error: unknown): void {
    this.errors[this.kindOf(error)] += 1;
    const message = error instanceof Error ? error.message : String(error);
    const hint = resourceHint(error);
    this.keepErrorSample(hint ? `${message} (${hint})` : message);
  }

  private keepErrorSample(message: string): void {
    if (this.errorSamples.length < MAX_ERROR_SAMPLES && !this.errorSamples.includes(message)) {
      this.errorSamples.push(message);
    }
  }

  get failed(): number {
    return ERROR_KINDS.reduce((sum, kind) => sum + this.errors[kind], 0);
  }

  get retried(): number {
    return ERROR_KINDS.reduce((sum, kind) => sum + this.retries[kind], 0);
  }

  toCounts(): RecordedCounts {
    return {
      sent: this.sent,
      attempts: this.attempts,
      ok: this.ok,
      errors: { ...this.errors },
      retries: { ...this.retries },
      lateStarts: this.lateStarts,
      errorSamples: [...this.errorSamples],
      histogram: hdr.encodeIntoCompressedBase64(this.histogram),
    };
  }

  /** A recorder holding what another thread or process recorded. */
  static fromCounts(counts: RecordedCounts): RequestRecorder {
    const recorder = new RequestRecorder();
    recorder.merge(counts);
    return recorder;
  }

  /** Adds the counts a worker thread sent back (its histogram encoded) to this recorder. */
  merge(counts: RecordedCounts): void {
    this.addCounts(counts, hdr.decodeFromCompressedBase64(counts.histogram));
  }

  /** Adds another recorder of this thread: its histogram is added as it is, with no encoding. */
  add(other: RequestRecorder): void {
    this.addCounts(other, other.histogram);
  }

  private addCounts(counts: Omit<RecordedCounts, 'histogram'>, histogram?: hdr.Histogram): void {
    this.sent += counts.sent;
    this.attempts += counts.attempts;
    this.ok += counts.ok;
    this.lateStarts += counts.lateStarts;
    for (const kind of ERROR_KINDS) {
      this.errors[kind] += counts.errors[kind];
      this.retries[kind] += counts.retries[kind];
    }
    for (const message of counts.errorSamples) this.keepErrorSample(message);
    if (histogram) this.histogram.add(histogram);
  }
}
