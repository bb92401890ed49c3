import type { Bottleneck } from '../report/schema.ts';

export interface BottleneckInput {
  efficiency: number;
  makespanMs: number;
  /** Client CPU (user + system, all threads) per iteration, in milliseconds. */
  clientCpuMs: number;
  clientThreads: number;
  /** Target CPU per iteration, in milliseconds. */
  targetCpuMs: number;
}

/** At or above this efficiency a case was waiting on the target's latency, as it should. */
export const LATENCY_BOUND_EFFICIENCY = 0.8;
/** A process that kept a core busy for at least this share of the makespan was the limit. */
const BUSY_SHARE = 0.5;

/**
 * What limited a case. Near its ideal it was waiting on latency. Otherwise the busier of the two
 * processes, if it kept a core (per client thread) busy for at least half of the makespan, was the limit:
 * the client's CPU, or the target's (the result then measured the mock, not the client). Otherwise
 * requests were waiting for a turn: a concurrency cap, a socket pool, connection setup.
 */
export function bottleneckOf(input: BottleneckInput): Bottleneck {
  if (input.efficiency >= LATENCY_BOUND_EFFICIENCY) return 'latency-bound';
  const makespan = Math.max(input.makespanMs, 1e-9);
  const clientBusy = input.clientCpuMs / (makespan * input.clientThreads);
  const targetBusy = input.targetCpuMs / makespan;
  if (Math.max(clientBusy, targetBusy) >= BUSY_SHARE) return clientBusy >= targetBusy ? 'client-cpu-bound' : 'target-bound';
  return 'queueing';
}
