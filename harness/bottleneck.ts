import type { Bottleneck } from '../report/schema.ts';

export interface BottleneckInput {
  efficiency: number;
  makespanMs: number;
  /** Client CPU (user + system, all threads) per iteration, in milliseconds. */
  clientCpuMs: number;
  clientThreads: number;
  /** Target CPU per iteration, in milliseconds. */
  targetCpuMs: number;
  /** Time the target's (single) event loop was busy per iteration, in milliseconds. */
  targetLoopBusyMs: number;
}

/** At or above this efficiency a case was waiting on the target's latency, as it should. */
const LATENCY_BOUND_EFFICIENCY = 0.8;
/**
 * The target runs one event loop: it was the limit only when that loop (or its CPU) was busy for
 * nearly the whole makespan, since then arrivals waited inside it. Below that it had room to spare,
 * however much busier it was than the client.
 */
const TARGET_SATURATED_SHARE = 0.8;
/** A client that kept a core (per thread) busy for at least this share of the makespan was the limit. */
const CLIENT_BUSY_SHARE = 0.5;

/**
 * What limited a case. Near its ideal it was waiting on latency. Otherwise the target, if its event
 * loop was saturated (the result then measured the mock, not the client); else the client's CPU, if it
 * kept a core per thread busy for half of the makespan; else requests were waiting for a turn: a
 * concurrency cap, a socket pool, connection setup.
 */
export function bottleneckOf(input: BottleneckInput): Bottleneck {
  if (input.efficiency >= LATENCY_BOUND_EFFICIENCY) return 'latency-bound';
  const makespan = Math.max(input.makespanMs, 1e-9);
  const targetBusy = Math.max(input.targetCpuMs, input.targetLoopBusyMs) / makespan;
  if (targetBusy >= TARGET_SATURATED_SHARE) return 'target-bound';
  const clientBusy = input.clientCpuMs / (makespan * input.clientThreads);
  return clientBusy >= CLIENT_BUSY_SHARE ? 'client-cpu-bound' : 'queueing';
}
