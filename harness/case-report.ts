import type { CaseReport } from '../report/schema.ts';
import { medianOf, summarize, type SampleSummary } from '../report/statistics.ts';
import { throughputSummary } from '../report/throughput.ts';
import { bottleneckOf } from './bottleneck.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { caseProblems, caseWarnings } from './case-verdicts.ts';
import type { CaseMeasurement, IterationRecord } from './measurement.ts';
import { addedUp } from './merge-measurements.ts';
import { predictMakespan } from './prediction.ts';
import type { RequestRecorder } from './request-recorder.ts';

const US_PER_MS = 1000;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Turns everything measured for a case into its report entry, with its verdicts. Phases: tally the
 * requests, summarise the iterations, judge (problems, bottleneck, warnings), then the report's sections.
 */
export function buildCaseReport(spec: CaseSpec, measurement: CaseMeasurement, settings: MeasureSettings, expectedIterations: number): CaseReport {
  const { iterations } = measurement;
  const { total, counted } = tallyOf(measurement);
  const problems = caseProblems(spec, measurement, settings, expectedIterations);
  const figures = summariesOf(iterations, settings.target.seed);
  const limits = {
    efficiency: figures.efficiency,
    makespanMs: figures.makespanMs.median,
    clientCpuMs: medianOf(iterations.map((record) => record.cpuUserMs + record.cpuSystemMs)),
    clientThreads: spec.threads,
    targetCpuMs: medianOf(iterations.map((record) => record.target.cpuMs)),
    targetLoopBusyMs: medianOf(iterations.map((record) => record.target.loopBusyMs)),
  };
  const bottleneck = bottleneckOf(limits);
  const warnings = caseWarnings(spec, iterations, bottleneck, limits, figures.idealMs);

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
    makespanMs: figures.makespanMs,
    throughput: throughputSummary(spec.requests, figures.makespans, settings.target.seed),
    latencyMs: latencySection(total, iterations),
    predictedMs: predictMakespan(spec, settings.target.latency, settings.target.seed, settings.target.network),
    idealMs: figures.idealMs,
    efficiency: figures.efficiency,
    bottleneck,
    counts: { sent: counted.sent, ok: counted.ok, failed: counted.failed, attempts: counted.attempts, lateStarts: counted.lateStarts },
    errors: {
      total: counted.failed,
      byKind: { ...counted.errors },
      samples: counted.errorSamples,
      retries: { total: counted.retried, byKind: { ...counted.retries } },
    },
    target: targetSection(measurement),
    resources: resourcesSection(measurement, total),
  };
}

/**
 * Tally: latencies come from the measured iterations only (`total`); counts from those and the
 * iteration cut off, if one was (`counted`).
 */
function tallyOf(measurement: CaseMeasurement): { total: RequestRecorder; counted: RequestRecorder } {
  const total = addedUp(measurement.iterations.map((record) => record.recorder));
  const counted = measurement.cutOff ? addedUp([total, measurement.cutOff]) : total;
  return { total, counted };
}

/** Summarise: the makespans and ideals with their intervals, and efficiency per iteration (each against its own replay), then the median. */
function summariesOf(iterations: IterationRecord[], seed: number): { makespans: number[]; makespanMs: SampleSummary; idealMs: SampleSummary; efficiency: number } {
  const makespans = iterations.map((record) => record.makespanMs);
  return {
    makespans,
    makespanMs: summarize(makespans, seed),
    idealMs: summarize(iterations.map((record) => record.idealMs), seed),
    efficiency: medianOf(iterations.map((record) => record.idealMs / record.makespanMs)),
  };
}

/** Per-request latency from the HDR histogram of the measured iterations, in ms. */
function latencySection(total: RequestRecorder, iterations: IterationRecord[]): CaseReport['latencyMs'] {
  const histogram = total.histogram;
  const percentile = (p: number) => (total.ok > 0 ? histogram.getValueAtPercentile(p) / US_PER_MS : 0);
  return {
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
    p999: percentile(99.9),
    // As HDR reports percentiles: the highest value equivalent to the largest recorded, so max >= p99.9.
    max: percentile(100),
    mean: total.ok > 0 ? histogram.mean / US_PER_MS : 0,
    // p99 of each iteration on its own, so a regression gate can compare latency iteration by iteration.
    p99Samples: iterations.map((record) => (record.recorder.ok > 0 ? record.recorder.histogram.getValueAtPercentile(99) / US_PER_MS : 0)),
  };
}

/** What the target saw: the largest of any measured iteration, and each iteration's own figures. */
function targetSection(measurement: CaseMeasurement): CaseReport['target'] {
  const { iterations } = measurement;
  const targets = iterations.map((record) => record.target);
  return {
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
  };
}

/** The client process: CPU summed over the measured iterations and per request, event loop, memory peaks. */
function resourcesSection(measurement: CaseMeasurement, total: RequestRecorder): CaseReport['resources'] {
  const { iterations } = measurement;
  const cpuUserMs = sum(iterations.map((record) => record.cpuUserMs));
  const cpuSystemMs = sum(iterations.map((record) => record.cpuSystemMs));
  return {
    cpuUserMs,
    cpuSystemMs,
    cpuUsPerRequest: total.sent > 0 ? ((cpuUserMs + cpuSystemMs) * 1000) / total.sent : 0,
    eventLoopUtilization: medianOf(iterations.map((record) => record.eventLoopUtilization)),
    eventLoopDelayP99Ms: measurement.eventLoopDelayP99Ms,
    peakRssBytes: measurement.peakRssBytes,
    peakHeapBytes: measurement.peakHeapBytes,
  };
}
