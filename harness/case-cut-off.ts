import { performance } from 'node:perf_hooks';
import { caseProblem } from '../report/issue.ts';
import type { CaseRun } from './case-run.ts';
import { CONTROL_TIMEOUT_MS, LATE_CONTROL_TIMEOUT_MS } from './control-channel.ts';

/** The armed cut-off of a running case: `wasCut` settles when it fires; `disarm` once the case is over. */
export interface CutOffWatch {
  wasCut: Promise<void>;
  disarm(): void;
}

/** Every control call ends by the deadline, or a second after it: a stopped target cannot hold the case. */
export function controlTimeout(run: CaseRun): number {
  return Math.min(CONTROL_TIMEOUT_MS, Math.max(LATE_CONTROL_TIMEOUT_MS, run.deadlineAt - performance.now()));
}

/**
 * Cutting the case off (its deadline, or Ctrl-C): what is in flight counts as `cancelled`, the client
 * and threads are torn down, tinybench stops, and the iterations measured so far are kept, with the
 * counts of the one cut off.
 */
export function cutOff(run: CaseRun, reason: NonNullable<CaseRun['abortReason']>): void {
  if (run.cut.signal.aborted) return;
  run.abortReason = reason;
  run.recorder.cancelled = true;
  // The iteration the cut lands in, unless it has been measured already (then it is counted there).
  if (!run.measured.some((record) => record.recorder === run.recorder)) {
    run.cutCounts = run.recorder.cutOff();
    run.threads?.countRunningShares(run.cutCounts);
  }
  void run.client?.destroy().catch(() => {});
  void run.threads?.terminate();
  run.cut.abort();
}

/** Arms the case's deadline and the run's interrupt signal; either cuts the case off. */
export function armCutOff(run: CaseRun): CutOffWatch {
  const { settings } = run;
  const { deadlineMs } = settings;
  const atDeadline = () => cutOff(run, caseProblem('deadline', { deadlineMs }, `cut off at its deadline of ${deadlineMs / 1000} s`));
  const deadline = setTimeout(atDeadline, deadlineMs);
  const onInterrupt = () => cutOff(run, caseProblem('interrupted', {}, 'interrupted'));
  settings.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (settings.signal?.aborted) onInterrupt();
  const wasCut = new Promise<void>((resolve) => run.cut.signal.addEventListener('abort', () => resolve(), { once: true }));
  return {
    wasCut,
    disarm: () => {
      clearTimeout(deadline);
      settings.signal?.removeEventListener('abort', onInterrupt);
    },
  };
}
