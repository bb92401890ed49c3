import type { TargetNetwork } from '../mock-server/app.ts';
import { latencyFor, type LatencyModel } from '../mock-server/latency.ts';
import type { CaseSpec } from './case-spec.ts';

/**
 * The makespan a case would have with zero client cost, given how long each request index occupies its
 * slot at the target: the strategy's own schedule over those durations (plus each request's
 * preparation), held to the CPU floor (N x prep-cpu spread over the case's threads).
 */
function idealOf(spec: CaseSpec, latencyOf: (index: number) => number, network: TargetNetwork | undefined): number {
  const { cpuMs, waitMs } = spec.preparation;
  const networkMs = networkMsPerRequest(spec, network);
  const schedule = spec.strategy.predict({
    requests: spec.requests,
    concurrency: spec.concurrency,
    threads: spec.threads,
    rate: spec.rate,
    prepCpuMs: cpuMs,
    durationOf: (index) => cpuMs + waitMs + networkMs + latencyOf(index),
  });
  return Math.max(schedule, (spec.requests * cpuMs) / spec.threads);
}

/**
 * What the emulated network adds to every request at least: its own round trip, and, for a strategy
 * that opens a new connection per request (no keep-alive), the setup before it: one RTT for TCP and one
 * more for the TLS 1.3 handshake. Keep-alive strategies also open up to C connections, but which
 * requests pay for them depends on the schedule, so they are left out: the ideal stays a lower bound.
 */
function networkMsPerRequest(spec: CaseSpec, network: TargetNetwork | undefined): number {
  if (!network || network.rttMs === 0) return 0;
  const newConnectionEach = !spec.strategy.clientSettings(spec.concurrency, spec.threads).keepAlive;
  const setupRoundTrips = newConnectionEach ? (network.tls ? 2 : 1) : 0;
  return network.rttMs * (1 + setupRoundTrips);
}

/** The closed-form estimate before the run: the latencies the seeded model will draw. */
export function predictMakespan(spec: CaseSpec, latency: LatencyModel, seed: number, network?: TargetNetwork): number {
  return idealOf(spec, (index) => latencyFor(latency, seed, index), network);
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
