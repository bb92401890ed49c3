import { caseProblem } from '../report/issue.ts';
import type { CaseProblem } from '../report/schema.ts';
import type { CaseSpec } from './case-spec.ts';
import type { CaseMeasurement } from './measurement.ts';

/**
 * Why a case is not run: its strategy holds a promise for every request and N is above --max-pending.
 * At 200,000 requests p-limit's idiom peaked at 530-650 MB of RSS (measured); at a million it would run the
 * whole run out of heap, so it is refused with the reason, and the rest of the suite goes on.
 */
export function pendingRefusal(spec: CaseSpec, maxPending: number): CaseProblem | undefined {
  if (!spec.strategy.holdsEveryRequest || spec.requests <= maxPending) return undefined;
  const [requests, limit] = [spec.requests, maxPending].map((count) => count.toLocaleString('en-US'));
  const message =
    `refused: ${spec.strategy.name} holds a pending promise for each of its ${requests} requests (memory grows with N), ` +
    `above --max-pending ${limit}; raise --max-pending to measure its memory, or use queue-workers, whose memory does not grow with N`;
  return caseProblem('refused', { strategy: spec.strategy.name, requests: spec.requests, maxPending }, message);
}

/** The measurement of a case that did not run (refused, or its process gave none): nothing measured, and why. */
export function refusedMeasurement(reason: CaseProblem): CaseMeasurement {
  return { iterations: [], peakRssBytes: 0, peakHeapBytes: 0, eventLoopDelayP99Ms: 0, problems: [reason] };
}
