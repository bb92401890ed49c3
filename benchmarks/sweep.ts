import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

/** Ten concurrencies, doubling from 1 to 512. */
const SWEEP_CONCURRENCY = Array.from({ length: 10 }, (_, power) => 2 ** power);

// The concurrency sweep: throughput against C at a fixed latency. By Little's law a closed loop of C
// requests in flight carries C / latency (200/s per unit of C at 5 ms) until the machine's CPU (the
// client's and the target's, on the same cores) caps it; the chart shows where that knee falls. At 5 ms
// the knee (ceiling x latency: about C = 55-65 for undici, 20-25 for fetch on 2 cores) leaves three or more
// points on the plateau for every client; at 10 ms undici's knee fell between 128 and 256 and it was
// still climbing at 512 in a quiet run.
// Requests scale with C so a small C does not take forever and a large C still runs several waves:
// the pools send 8 x C (at least 16), promise-all sends N = C (one wave, all at once).
// 60 cases, 5 iterations after 2 warm-ups each (one left a JIT trend in the first samples of the large
// cases): about 1 min 20 s on 2 cores. Past the knee the client and the target share the cores, so
// throughput there moves by 10-25% from run to run on a shared machine; 2 rounds of 3 (tried at 10 ms)
// took 2.5 min and were no steadier.
export const sweepSuite: Suite = {
  ...defaultSuite,
  name: 'sweep',
  summary: 'throughput against concurrency: limited-pool and worker-threads (8 x C requests) and promise-all (N = C), C = 1 to 512, undici and fetch, 5 ms',
  groups: [
    { strategies: ['limited-pool', 'worker-threads'], clients: ['undici', 'fetch'], requestsPerConcurrency: 8, minRequests: 16 },
    { strategies: ['promise-all'], clients: ['undici', 'fetch'], requestsPerConcurrency: 1 },
  ],
  // Only for a strategy no group names (--strategies sequential) or an explicit --requests.
  requests: 100,
  concurrency: SWEEP_CONCURRENCY,
  iterations: 5,
  warmup: 2,
  // The largest case (4096 requests through fetch) takes a few seconds an iteration; a case far past
  // that is stuck, and the rest of the sweep should still run.
  deadline: 30_000,
  baseline: '',
  target: { ...defaultSuite.target, latency: '5ms' },
};
