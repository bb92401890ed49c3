import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// "And then I sent a million requests": one iteration of 1,000,000 at 1 ms through the strategies whose
// memory does not grow with N (a bounded queue, worker threads draining bounded queues), next to the two
// idioms that hold a promise per request (promise-all, and limited-pool's p-limit queue), which
// --max-pending refuses at this N with the reason (raise it to measure their memory). No warm-up: a
// million requests warm anything up. Each measured case takes one to two minutes on 2 cores.
export const scaleSuite: Suite = {
  ...defaultSuite,
  name: 'scale',
  summary: '1,000,000 requests at 1 ms, C = 100: queue-workers and worker-threads measured with peak RSS; promise-all and limited-pool (p-limit) refused above --max-pending',
  groups: [{ strategies: ['queue-workers', 'worker-threads', 'limited-pool', 'promise-all'], clients: ['undici'] }],
  requests: 1_000_000,
  concurrency: [100],
  iterations: 1,
  warmup: 0,
  deadline: 600_000,
  baseline: '',
  target: { ...defaultSuite.target, latency: '1ms' },
};
