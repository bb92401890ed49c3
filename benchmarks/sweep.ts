import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

/** Ten concurrencies, doubling from 1 to 512. */
const SWEEP_CONCURRENCY = Array.from({ length: 10 }, (_, power) => 2 ** power);

// The concurrency sweep: throughput against C at a fixed latency, to show where Little's law gives way to the CPU (the knee).
export const sweepSuite: Suite = {
  ...defaultSuite,
  name: 'sweep',
  summary: 'throughput against concurrency: limited-pool and worker-threads (8 x C requests) and promise-all (N = C), C = 1 to 512, undici and fetch, 5 ms',
  // Requests scale with C, so a small C does not take forever and a large C still runs several waves.
  groups: [
    { strategies: ['limited-pool', 'worker-threads'], clients: ['undici', 'fetch'], requestsPerConcurrency: 8, minRequests: 16 },
    { strategies: ['promise-all'], clients: ['undici', 'fetch'], requestsPerConcurrency: 1 },
  ],
  // Only for a strategy no group names (--strategies sequential) or an explicit --requests.
  requests: 100,
  concurrency: SWEEP_CONCURRENCY,
  iterations: 5,
  // Two warm-ups: after one, the large cases' first samples still showed the JIT's trend.
  warmup: 2,
  // A case far past the largest one's time (docs/findings.md) is stuck, and the rest of the sweep should still run.
  deadline: 30_000,
  baseline: '',
  target: { ...defaultSuite.target, latency: '5ms' },
};
