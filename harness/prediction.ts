import type { TargetNetwork } from '../mock-server/app.ts';
import { latencyFor, type LatencyModel } from '../mock-server/latency.ts';
import { MAX_RECORDED_REQUESTS } from '../mock-server/service-times.ts';
import type { CaseSpec } from './case-spec.ts';

/**
 * The makespan a case would have with zero client cost, given how long each request index occupies its
 * slot at the target: the strategy's own schedule over those durations (plus each request's
 * preparation), held to the CPU floor (N x prep-cpu spread over the case's threads).
 */
function idealOf(spec: CaseSpec, latencyOf: (index: number) => number, network: TargetNetwork | undefined): number {
  const { cpuMs, waitMs } = spec.preparation;
  const networkMs = networkMsOf(spec, network);
  const schedule = spec.strategy.predict({
    requests: spec.requests,
    concurrency: spec.concurrency,
    threads: spec.threads,
    rate: spec.rate,
    prepCpuMs: cpuMs,
    durationOf: (index) => cpuMs + waitMs + networkMs(index) + latencyOf(index),
  });
  return Math.max(schedule, (spec.requests * cpuMs) / spec.threads);
}

/**
 * What the emulated network adds to request `index` at least: its own round trip, and, when it must open
 * a connection, the setup before it: one RTT for TCP and one more for the TLS 1.3 handshake. Without
 * keep-alive every request opens one. With keep-alive, a fresh client's first min(C, socket cap)
 * requests of a single-threaded closed-loop strategy without CPU preparation all start at once with no
 * idle connection, so each opens its own; later ones may reuse, and the open (fixed-rate) and threaded schedules do not say
 * which requests open connections, so nothing more is charged: the ideal stays a lower bound.
 */
function networkMsOf(spec: CaseSpec, network: TargetNetwork | undefined): (index: number) => number {
  if (!network || network.rttMs === 0) return () => 0;
  const { keepAlive, maxSockets } = spec.strategy.clientSettings(spec.concurrency, spec.threads);
  const setupMs = network.rttMs * (network.tls ? 2 : 1);
  const simple = spec.strategy.workload === 'closed' && !spec.strategy.usesThreads && spec.preparation.cpuMs === 0;
  const opening = !keepAlive ? spec.requests : simple ? Math.min(spec.concurrency, maxSockets, spec.requests) : 0;
  return (index) => network.rttMs + (index < opening ? setupMs : 0);
}

/** The closed-form estimate before the run: the latencies the seeded model will draw. */
export function predictMakespan(spec: CaseSpec, latency: LatencyModel, seed: number, network?: TargetNetwork): number {
  return idealOf(spec, (index) => latencyFor(latency, seed, index), network);
}

/**
 * Whether a case's ideal is replayed over the target's service times: only as many as the target keeps
 * (memory bounded in N); a larger case's ideal is the closed form.
 */
export function isReplayed(spec: CaseSpec): boolean {
  return spec.requests <= MAX_RECORDED_REQUESTS;
}

/**
 * The truth after an iteration: the same schedule replayed over how long the target really held each
 * request, from arrival to the last byte of its response (the latency it applied, late timers and a
 * lagging event loop included, plus its own handling). A client can never see a request take less, so
 * the replay is a lower bound; a request that never arrived counts as zero.
 */
export function replayIdeal(spec: CaseSpec, serviceTimes: Float64Array, network?: TargetNetwork): number {
  return idealOf(
    spec,
    (index) => {
      const ms = serviceTimes[index];
      return ms === undefined || Number.isNaN(ms) ? 0 : ms;
    },
    network,
  );
}
