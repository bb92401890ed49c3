import { MAX_RECORDED_REQUESTS } from '../mock-server/service-times.ts';
import { caseProblem, caseWarning } from '../report/issue.ts';
import type { Bottleneck, CaseProblem, CaseWarning } from '../report/schema.ts';
import type { SampleSummary } from '../report/statistics.ts';
import type { BottleneckInput } from './bottleneck.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { iterationProblems, type CaseMeasurement, type IterationRecord } from './measurement.ts';
import { isReplayed } from './prediction.ts';

// The judge phase of a case's report: what makes it not ok (problems) and what a reader of an ok case
// should know (warnings). Figures come in already summarised; nothing here measures.

/**
 * undici's headers and body timeouts run on its own coarse timers (a tick every ~0.5 s, for speed), so
 * a shorter --timeout is not kept to the millisecond by the clients that use them.
 */
const COARSE_TIMEOUT_CLIENTS = new Set(['undici', 'fetch']);
const COARSE_TIMEOUT_MS = 1000;

/**
 * Whether a replayed ideal beat its measurement by more than timing can explain. The target's hold
 * times end at its response's 'close' event, which on a busy machine can run after the client already
 * has the last bytes (seen: fixed-rate, ideal 58.62 ms against 57.64 ms measured): 1% and one
 * millisecond, the timers' tick, of slack.
 */
export function idealBeatMeasurement(idealMs: number, makespanMs: number): boolean {
  return idealMs > makespanMs * 1.01 + 1;
}

/** Why the case is not ok, in order: its cut-off, each iteration's accounting, what stopped it, iterations missing. */
export function caseProblems(spec: CaseSpec, measurement: CaseMeasurement, settings: MeasureSettings, expectedIterations: number): CaseProblem[] {
  const { iterations } = measurement;
  const { faults, rateLimitPerSecond } = settings.target;
  const faultsExpected = Object.keys(faults ?? {}).length > 0 || rateLimitPerSecond !== undefined;
  const problems: CaseProblem[] = [
    ...(measurement.abortReason ? [measurement.abortReason] : []),
    ...iterations.flatMap((record, index) => iterationProblems(record, spec.requests, index + 1, faultsExpected)),
    ...measurement.problems,
  ];
  if (iterations.length < expectedIterations) {
    const message = `${iterations.length} of ${expectedIterations} iterations were measured`;
    problems.push(caseProblem('iterations-missing', { measured: iterations.length, expected: expectedIterations }, message));
  }
  return problems;
}

/**
 * What a reader should know about the figures: who was the limit (`bottleneck`, judged from `limits`), a
 * coarse timeout, how the ideal was found.
 */
export function caseWarnings(
  spec: CaseSpec,
  iterations: IterationRecord[],
  bottleneck: Bottleneck,
  limits: BottleneckInput,
  idealMs: SampleSummary,
): CaseWarning[] {
  const warnings: CaseWarning[] = [];
  if (bottleneck === 'target-bound') {
    const { makespanMs, targetCpuMs, targetLoopBusyMs } = limits;
    const message = 'target-bound: the mock server was the limit, so this measured the mock, not the client';
    warnings.push(caseWarning('target-bound', { makespanMs, targetCpuMs, targetLoopBusyMs }, message));
  }
  const { timeoutMs } = spec.policy;
  if (COARSE_TIMEOUT_CLIENTS.has(spec.client.name) && timeoutMs < COARSE_TIMEOUT_MS) {
    const client = spec.client.name;
    const message = `${client} times out through undici's headersTimeout/bodyTimeout, whose timers tick about every 0.5 s: a timeout of ${timeoutMs} ms fires up to 1 s late`;
    warnings.push(caseWarning('coarse-timeout', { client, timeoutMs }, message));
  }
  // The first iteration whose replayed ideal beat its makespan by more than timing explains, if any did.
  const beaten = iterations.findIndex((record) => idealBeatMeasurement(record.idealMs, record.makespanMs));
  if (idealMs.n > 0 && !isReplayed(spec)) {
    const message = `ideal from the closed form: above ${MAX_RECORDED_REQUESTS.toLocaleString('en-US')} requests the target keeps no per-request service times (memory), so efficiency is against the model's latencies`;
    warnings.push(caseWarning('closed-form-ideal', { requests: spec.requests, maxRecordedRequests: MAX_RECORDED_REQUESTS }, message));
  } else if (idealMs.n > 0 && beaten >= 0) {
    const { idealMs: ideal, makespanMs } = iterations[beaten]!;
    const message = 'the replayed ideal beat the measurement by more than 1% and 1 ms in an iteration: a bug in the replay or the timing';
    warnings.push(caseWarning('ideal-beat-measurement', { iteration: beaten + 1, idealMs: ideal, makespanMs }, message));
  }
  return warnings;
}
