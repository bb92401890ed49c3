import { latencyFor, type LatencyModel } from '../mock-server/latency.ts';
import type { CaseSpec } from './case-spec.ts';

/**
 * The makespan a case would have with zero client cost, given how long each request index occupies its
 * slot at the target: the strategy's own schedule over those durations (plus each request's
 * preparation), held to the CPU floor (N x prep-cpu spread over the case's threads).
 */
function idealOf(spec: CaseSpec, latencyOf: (index: number) => number): number {
  const { cpuMs, waitMs } = spec.preparation;
  const schedule = spec.strategy.predict({
    requests: spec.requests,
    concurrency: spec.concurrency,
    threads: spec.threads,
    rate: spec.rate,
    prepCpuMs: cpuMs,
    durationOf: (index) => cpuMs + waitMs + latencyOf(index),
  });
  return Math.max(schedule, (spec.requests * cpuMs) / spec.threads);
}

/** The closed-form estimate before the run: the latencies the seeded model will draw. */
export function predictMakespan(spec: CaseSpec, latency: LatencyModel, seed: number): number {
  return idealOf(spec, (index) => latencyFor(latency, seed, index));
}

/**
 * The truth after an iteration: the same schedule replayed over how long the target really held each
 * request, from arrival to the last byte of its response (the latency it applied, late timers and a
 * lagging event loop included, plus its own handling). A client can never see a request take less, so
 * the replay is a lower bound; a request that never arrived counts as zero.
 */
export function replayIdeal(spec: CaseSpec, serviceTimes: Float64Array): number {
  return idealOf(spec, (index) => {
    const ms = serviceTimes[index];
    return ms === undefined || Number.isNaN(ms) ? 0 : ms;
  });
}
