import type { CaseReport } from '../report/schema.ts';
import { bottleneckOf } from './bottleneck.ts';
import { predictMakespan } from './prediction.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { iterationProblems, type IterationRecord } from './iteration.ts';
import { RequestRecorder } from './request-recorder.ts';
import { summarize } from './statistics.ts';

const US_PER_MS = 1000;

/** Turns the measured iterations of a case into its report entry, with its verdicts. */
export function buildCaseReport(
  spec: CaseSpec,
  iterations: IterationRecord[],
  settings: MeasureSettings,
  peakRssBytes: number,
  extraProblems: string[] = [],
): CaseReport {
  const total = new RequestRecorder();
  for (const record of iterations) total.merge(record.recorder.toCounts());
  const problems = [
    ...iterations.flatMap((record, index) => iterationProblems(record, spec.requests, index + 1)),
    ...extraProblems,
  ];
  if (iterations.length < settings.iterations) {
    problems.push(`${iterations.length} of ${settings.iterations} iterations were measured`);
  }

  const makespans = iterations.map((record) => record.makespanMs);
  const makespanMs = summarize(makespans);
  const throughputs = summarize(makespans.map((ms) => (spec.requests / ms) * 1000));
  const meanOf = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const targets = iterations.map((record) => record.target);
  const overshootMs = meanOf(targets.map((t) => t.appliedLatencyMs.meanOvershoot));
  const predictedMs = predictMakespan(spec, settings.target.latency, settings.target.seed, overshootMs);
  const efficiency = makespanMs.n > 0 ? predictedMs / makespanMs.median : 0;
  const cpuUserMs = iterations.reduce((sum, record) => sum + record.cpuUserMs, 0);
  const cpuSystemMs = iterations.reduce((sum, record) => sum + record.cpuSystemMs, 0);
  const histogram = total.histogram;
  const percentile = (p: number) => (total.ok > 0 ? histogram.getValueAtPercentile(p) / US_PER_MS : 0);

  return {
    id: spec.id,
    strategy: spec.strategy.name,
    client: spec.client.name,
    concurrency: spec.concurrency,
    threads: spec.threads,
    requests: spec.requests,
    iterations: iterations.length,
    state: problems.length === 0 ? 'ok' : 'failed',
    problems,
    makespanMs,
    throughput: { median: throughputs.median, ciLow: throughputs.ciLow, ciHigh: throughputs.ciHigh },
    latencyMs: {
      p50: percentile(50),
      p90: percentile(90),
      p99: percentile(99),
      p999: percentile(99.9),
      max: total.ok > 0 ? histogram.maxValue / US_PER_MS : 0,
      mean: total.ok > 0 ? histogram.mean / US_PER_MS : 0,
    },
    predictedMs,
    efficiency,
    bottleneck: bottleneckOf({
      efficiency,
      makespanMs: makespanMs.median,
      clientCpuMs: summarize(iterations.map((record) => record.cpuUserMs + record.cpuSystemMs)).median,
      clientThreads: spec.threads,
      targetCpuMs: summarize(targets.map((t) => t.cpuMs)).median,
    }),
    counts: { sent: total.sent, ok: total.ok, failed: total.failed, lateStarts: total.lateStarts },
    errors: { total: total.failed, byKind: { ...total.errors }, samples: total.errorSamples },
    target: {
      received: Math.max(0, ...targets.map((t) => t.received)),
      connections: Math.max(0, ...targets.map((t) => t.connections)),
      peakInFlight: Math.max(0, ...targets.map((t) => t.peakInFlight)),
      arrivalSpreadMs: Math.max(0, ...targets.map((t) => t.arrivalSpreadMs)),
      perIteration: targets.map(({ received, connections, peakInFlight, arrivalSpreadMs, appliedLatencyMs, cpuMs }) => ({
        received,
        connections,
        peakInFlight,
        arrivalSpreadMs,
        appliedLatencyMs,
        cpuMs,
      })),
    },
    resources: { cpuUserMs, cpuSystemMs, peakRssBytes },
  };
}

/** A case that could not finish: what was measured is kept, and the reason leads its problems. */
export function failedCaseReport(
  spec: CaseSpec,
  iterations: IterationRecord[],
  settings: MeasureSettings,
  peakRssBytes: number,
  reason: string,
): CaseReport {
  const report = buildCaseReport(spec, iterations, settings, peakRssBytes, [reason]);
  return { ...report, state: 'failed' };
}
