import { MAX_RECORDED_REQUESTS } from '../mock-server/service-times.ts';
import type { CaseReport } from '../report/schema.ts';
import { bottleneckOf } from './bottleneck.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { iterationProblems, type CaseMeasurement } from './measurement.ts';
import { isReplayed, predictMakespan } from './prediction.ts';
import { RequestRecorder } from './request-recorder.ts';
import { medianOf, summarize } from '../report/statistics.ts';
import { throughputSummary } from '../report/throughput.ts';

const US_PER_MS = 1000;

/** All rounds of one case together: iterations in the order they ran, peaks of the peaks. */
/**
 * undici's headers and body timeouts run on its own coarse timers (a tick every ~0.5 s, for speed), so
 * a shorter --timeout is not kept to the millisecond by the clients that use them.
 */
const COARSE_TIMEOUT_CLIENTS = new Set(['undici', 'fetch']);
const COARSE_TIMEOUT_MS = 1000;

export function mergeMeasurements(a: CaseMeasurement, b: CaseMeasurement): CaseMeasurement {
  return {
    iterations: [...a.iterations, ...b.iterations],
    peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes),
    peakHeapBytes: Math.max(a.peakHeapBytes, b.peakHeapBytes),
    eventLoopDelayP99Ms: Math.max(a.eventLoopDelayP99Ms, b.eventLoopDelayP99Ms),
    problems: [...a.problems, ...b.problems],
    ...((a.abortReason ?? b.abortReason) ? { abortReason: (a.abortReason ?? b.abortReason)! } : {}),
    ...(a.cutOff || b.cutOff ? { cutOff: addedUp([a.cutOff, b.cutOff]) } : {}),
    ...((b.timeline ?? a.timeline) ? { timeline: (b.timeline ?? a.timeline)! } : {}),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function addedUp(recorders: (RequestRecorder | undefined)[]): RequestRecorder {
  const total = new RequestRecorder();
  for (const recorder of recorders) if (recorder) total.add(recorder);
  return total;
}

/** Turns everything measured for a case into its report entry, with its verdicts. */
export function buildCaseReport(spec: CaseSpec, measurement: CaseMeasurement, settings: MeasureSettings, expectedIterations: number): CaseReport {
  const { iterations } = measurement;
  // Latencies from the measured iterations; counts from those and the iteration cut off, if one was.
  const total = addedUp(iterations.map((record) => record.recorder));
  const counted = measurement.cutOff ? addedUp([total, measurement.cutOff]) : total;
  const { faults, rateLimitPerSecond } = settings.target;
  const faultsExpected = Object.keys(faults ?? {}).length > 0 || rateLimitPerSecond !== undefined;
  const problems = [
    ...(measurement.abortReason ? [measurement.abortReason] : []),
    ...iterations.flatMap((record, index) => iterationProblems(record, spec.requests, index + 1, faultsExpected)),
    ...measurement.problems,
  ];
  if (iterations.length < expectedIterations) problems.push(`${iterations.length} of ${expectedIterations} iterations were measured`);

  const seed = settings.target.seed;
  const makespans = iterations.map((record) => record.makespanMs);
  const makespanMs = summarize(makespans, seed);
  const idealMs = summarize(iterations.map((record) => record.idealMs), seed);
  // Efficiency per iteration (each against its own replay), then the median.
  const efficiency = medianOf(iterations.map((record) => record.idealMs / record.makespanMs));
  const targets = iterations.map((record) => record.target);
  const cpuUserMs = sum(iterations.map((record) => record.cpuUserMs));
  const cpuSystemMs = sum(iterations.map((record) => record.cpuSystemMs));
  const histogram = total.histogram;
  const percentile = (p: number) => (total.ok > 0 ? histogram.getValueAtPercentile(p) / US_PER_MS : 0);
  const bottleneck = bottleneckOf({
    efficiency,
    makespanMs: makespanMs.median,
    clientCpuMs: medianOf(iterations.map((record) => record.cpuUserMs + record.cpuSystemMs)),
    clientThreads: spec.threads,
    targetCpuMs: medianOf(targets.map((t) => t.cpuMs)),
    targetLoopBusyMs: medianOf(targets.map((t) => t.loopBusyMs)),
  });
  const warnings: string[] = [];
  if (bottleneck === 'target-bound') {
    warnings.push('target-bound: the mock server was the limit, so this measured the mock, not the client');
  }
  if (COARSE_TIMEOUT_CLIENTS.has(spec.client.name) && spec.policy.timeoutMs < COARSE_TIMEOUT_MS) {
    warnings.push(
      `${spec.client.name} times out through undici's headersTimeout/bodyTimeout, whose timers tick about every 0.5 s: a timeout of ${spec.policy.timeoutMs} ms fires up to 1 s late`,
    );
  }
  if (idealMs.n > 0 && !isReplayed(spec)) {
    warnings.push(
      `ideal from the closed form: above ${MAX_RECORDED_REQUESTS.toLocaleString('en-US')} requests the target keeps no per-request service times (memory), so efficiency is against the model's latencies`,
    );
  } else if (idealMs.n > 0 && iterations.some((record) => record.idealMs > record.makespanMs * 1.01)) {
    warnings.push('the replayed ideal beat the measurement by more than 1% in an iteration: a bug in the replay or the timing');
  }

  return {
    id: spec.id,
    strategy: spec.strategy.name,
    client: spec.client.name,
    concurrency: spec.concurrency,
    threads: spec.threads,
    requests: spec.requests,
    iterations: iterations.length,
    state: measurement.abortReason ? 'aborted' : problems.length === 0 ? 'ok' : 'failed',
    problems,
    warnings,
    makespanMs,
    throughput: throughputSummary(spec.requests, makespans, seed),
    latencyMs: {
      p50: percentile(50),
      p90: percentile(90),
      p99: percentile(99),
      p999: percentile(99.9),
      // As HDR reports percentiles: the highest value equivalent to the largest recorded, so max >= p99.9.
      max: percentile(100),
      mean: total.ok > 0 ? histogram.mean / US_PER_MS : 0,
      // p99 of each iteration on its own, so a regression gate can compare latency iteration by iteration.
      p99Samples: iterations.map((record) => (record.recorder.ok > 0 ? record.recorder.histogram.getValueAtPercentile(99) / US_PER_MS : 0)),
    },
    predictedMs: predictMakespan(spec, settings.target.latency, seed, settings.target.network),
    idealMs,
    efficiency,
    bottleneck,
    counts: { sent: counted.sent, ok: counted.ok, failed: counted.failed, attempts: counted.attempts, lateStarts: counted.lateStarts },
    errors: {
      total: counted.failed,
      byKind: { ...counted.errors },
      samples: counted.errorSamples,
      retries: { total: counted.retried, byKind: { ...counted.retries } },
    },
    target: {
      received: Math.max(0, ...targets.map((t) => t.received)),
      connections: Math.max(0, ...targets.map((t) => t.connections)),
      peakInFlight: Math.max(0, ...targets.map((t) => t.peakInFlight)),
      arrivalSpreadMs: Math.max(0, ...targets.map((t) => t.arrivalSpreadMs)),
      cpuMs: medianOf(targets.map((t) => t.cpuMs)),
      perIteration: targets.map((t, index) => ({
        received: t.received,
        connections: t.connections,
        reusedRequests: t.reusedRequests,
        peakInFlight: t.peakInFlight,
        arrivalSpreadMs: t.arrivalSpreadMs,
        appliedLatencyMs: t.appliedLatencyMs,
        cpuMs: t.cpuMs,
        loopBusyMs: t.loopBusyMs,
        faults: t.faults,
        idealMs: iterations[index]!.idealMs,
      })),
      ...(measurement.timeline ? { inFlightTimeline: measurement.timeline } : {}),
    },
    resources: {
      cpuUserMs,
      cpuSystemMs,
      cpuUsPerRequest: total.sent > 0 ? ((cpuUserMs + cpuSystemMs) * 1000) / total.sent : 0,
      eventLoopUtilization: medianOf(iterations.map((record) => record.eventLoopUtilization)),
      eventLoopDelayP99Ms: measurement.eventLoopDelayP99Ms,
      peakRssBytes: measurement.peakRssBytes,
      peakHeapBytes: measurement.peakHeapBytes,
    },
  };
}
