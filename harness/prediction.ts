import { latencyFor, type LatencyModel } from '../mock-server/latency.ts';
import type { CaseSpec } from './case-spec.ts';

/**
 * The ideal makespan of a case before anything client-side costs time: each request's duration is its
 * preparation plus the latency the target draws for its index (the same seeded model the target uses),
 * plus the target's measured mean overshoot (its timers fire a little late). The strategy turns those
 * into its schedule; CPU preparation can never beat N x prep-cpu / threads.
 */
export function predictMakespan(spec: CaseSpec, latency: LatencyModel, seed: number, overshootMs: number): number {
  const { cpuMs, waitMs } = spec.preparation;
  const extra = cpuMs + waitMs + Math.max(0, overshootMs);
  const schedule = spec.strategy.predict({
    requests: spec.requests,
    concurrency: spec.concurrency,
    threads: spec.threads,
    rate: spec.rate,
    prepCpuMs: cpuMs,
    durationOf: (index) => extra + latencyFor(latency, seed, index),
  });
  return Math.max(schedule, (spec.requests * cpuMs) / spec.threads);
}
