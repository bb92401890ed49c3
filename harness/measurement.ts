import type { TargetSnapshot } from '../mock-server/target-stats.ts';
import { caseProblem } from '../report/issue.ts';
import type { CaseProblem } from '../report/schema.ts';
import type { RequestRecorder } from './request-recorder.ts';

/** Everything measured in one iteration (one run of the strategy over N requests). */
export interface IterationRecord {
  makespanMs: number;
  /** The replayed ideal of this iteration, from the latencies the target applied. */
  idealMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Share of the iteration the main thread's event loop was busy (0 to 1). */
  eventLoopUtilization: number;
  recorder: RequestRecorder;
  target: TargetSnapshot;
}

/** All a case measured, over every round. */
export interface CaseMeasurement {
  iterations: IterationRecord[];
  peakRssBytes: number;
  peakHeapBytes: number;
  /** Event-loop delay of the main thread while measured iterations ran, p99 in ms (0 if not sampled). */
  eventLoopDelayP99Ms: number;
  /** Problems that are not about one iteration (a case that stopped, for instance). */
  problems: CaseProblem[];
  /** Why the case was cut off (deadline, interrupted), when it was. */
  abortReason?: Extract<CaseProblem, { kind: 'deadline' | 'interrupted' }>;
  /**
   * The counts of the iteration that was cut off (warm-up or measured), its requests still in flight
   * counted as `cancelled`; not timed, so it has no makespan and adds no latency.
   */
  cutOff?: RequestRecorder;
  /** The target's in-flight timeline during the last measured iteration. */
  timeline?: { bucketMs: number; values: number[] };
}

/**
 * The checks that make a case trustworthy: every request sent and accounted for (sent = ok + failed),
 * and every attempt (first tries and retries) seen by the target. Failed requests are a problem only
 * when the target injected no faults: against a faulty target they are what is being measured.
 */
export function iterationProblems(record: IterationRecord, expected: number, iteration: number, faultsExpected = false): CaseProblem[] {
  const problems: CaseProblem[] = [];
  const { sent, attempts, ok, failed } = record.recorder;
  const received = record.target.received;
  const where = `iteration ${iteration}`;
  if (sent !== expected) {
    problems.push(caseProblem('requests-unsent', { iteration, sent, expected }, `${where}: the strategy sent ${sent} of ${expected} requests`));
  }
  if (sent !== ok + failed) {
    problems.push(caseProblem('requests-unaccounted', { iteration, sent, ok, failed }, `${where}: ${sent} sent but ${ok} ok + ${failed} failed`));
  }
  if (received !== attempts) {
    const retries = attempts > sent ? ` (${sent} requests + ${attempts - sent} retries)` : '';
    const message = `${where}: the target received ${received} requests, the client sent ${attempts}${retries}`;
    problems.push(caseProblem('target-count-differs', { iteration, received, attempts, sent }, message));
  }
  if (failed > 0 && !faultsExpected) {
    const kinds = Object.entries(record.recorder.errors).filter(([, count]) => count > 0);
    const firstError = record.recorder.errorSamples[0] ?? '';
    const message = `${where}: ${failed} requests failed (${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}): ${firstError}`;
    problems.push(caseProblem('requests-failed', { iteration, failed, byKind: Object.fromEntries(kinds), firstError }, message));
  }
  return problems;
}
