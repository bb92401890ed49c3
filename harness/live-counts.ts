import type { RequestRecorder } from './request-recorder.ts';

/** Requests a source has finished but not yet handed to the case's recorder (worker threads mid-run). */
export interface UnmergedCounts {
  unmergedCounts(): { completed: number; failed: number };
}

/** Which iteration of a case is running: the warm-up or a measured one, numbered from 1 within its kind. */
export interface CasePhase {
  mode: 'warmup' | 'run';
  iteration: number;
}

/**
 * What a progress display can read while a case runs. It is polled (a few times a second), never pushed:
 * reading it adds up counters the request recorder keeps anyway, so the requests pay nothing for it.
 */
export interface CaseLive {
  /** Requests per iteration. */
  readonly requests: number;
  readonly warmupIterations: number;
  readonly measuredIterations: number;
  /** Every request the case sends: (warm-up + measured iterations) x requests. */
  readonly total: number;
  /** Requests finished so far (ok + failed), in every iteration of the case, the warm-up included. */
  completed(): number;
  /** Requests failed so far (after their retries), the warm-up included. */
  failed(): number;
  /** The iteration running, or undefined before the first one starts (clients and threads starting). */
  phase(): CasePhase | undefined;
}

/** What a process that runs the case elsewhere reports of it, every CLIENT_PROCESS_PROGRESS_MS. */
export interface ReportedCounts {
  completed: number;
  failed: number;
  phase?: CasePhase;
}

/**
 * The case's live counts: the iterations already finished, plus the current iteration's recorder (which a
 * strategy on the main thread updates as each request ends), plus what worker threads have reported of
 * the share they are still running (they post their counts every THREAD_PROGRESS_MS).
 */
export class LiveCaseCounts implements CaseLive {
  readonly total: number;
  private completedBefore = 0;
  private failedBefore = 0;
  private recorder: RequestRecorder | undefined;
  private unmerged: UnmergedCounts | undefined;
  private current: CasePhase | undefined;
  private readonly started = { warmup: 0, run: 0 };
  private elsewhere: ReportedCounts | undefined;

  readonly requests: number;
  readonly warmupIterations: number;
  readonly measuredIterations: number;

  constructor(
    requests: number,
    warmupIterations: number,
    measuredIterations: number,
  ) {
    this.requests = requests;
    this.warmupIterations = warmupIterations;
    this.measuredIterations = measuredIterations;
    this.total = (warmupIterations + measuredIterations) * requests;
  }

  /** The worker threads whose running shares count too. */
  countThreads(threads: UnmergedCounts): void {
    this.unmerged = threads;
  }

  /** A new iteration starts with its own fresh recorder; the last one's counts are final by then. */
  iterationStarted(mode: 'warmup' | 'run', recorder: RequestRecorder): void {
    if (this.recorder) {
      this.completedBefore += this.recorder.ok + this.recorder.failed;
      this.failedBefore += this.recorder.failed;
    }
    this.recorder = recorder;
    this.started[mode] += 1;
    this.current = { mode, iteration: this.started[mode] };
  }

  /** The case runs in another process, which last reported these counts: they stand for the whole case. */
  reported(counts: ReportedCounts): void {
    this.elsewhere = counts;
  }

  completed(): number {
    if (this.elsewhere) return this.elsewhere.completed;
    const recorder = this.recorder;
    const own = recorder ? recorder.ok + recorder.failed : 0;
    return this.completedBefore + own + (this.unmerged?.unmergedCounts().completed ?? 0);
  }

  failed(): number {
    if (this.elsewhere) return this.elsewhere.failed;
    return this.failedBefore + (this.recorder?.failed ?? 0) + (this.unmerged?.unmergedCounts().failed ?? 0);
  }

  phase(): CasePhase | undefined {
    return this.elsewhere ? this.elsewhere.phase : this.current;
  }
}
