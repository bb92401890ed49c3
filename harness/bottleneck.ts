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

const EFFICIENT = 0.8;
const BUSY = 0.8;

/**
 * What limited a case. Near its ideal it was waiting on latency; otherwise whichever process kept a core
 * busy for most of the makespan was the limit; otherwise requests were waiting for a turn (a concurrency
 * cap, connection setup).
 */
export function bottleneckOf(input: BottleneckInput): Bottleneck {
  if (input.efficiency >= EFFICIENT) return 'latency-bound';
  if (input.clientCpuMs >= BUSY * input.makespanMs * input.clientThreads) return 'client-cpu-bound';
  if (input.targetCpuMs >= BUSY * input.makespanMs) return 'target-bound';
  return 'queueing';
}
