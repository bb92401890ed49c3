import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// "And then I sent a million requests": the strategies whose memory does not grow with N, beside two that --max-pending refuses.
export const scaleSuite: Suite = {
  ...defaultSuite,
  name: 'scale',
  summary: '1,000,000 requests at 1 ms, C = 100: queue-workers and worker-threads measured with peak RSS; promise-all and limited-pool (p-limit) refused above --max-pending',
  groups: [{ strategies: ['queue-workers', 'worker-threads', 'limited-pool', 'promise-all'], clients: ['undici'] }],
  requests: 1_000_000,
  concurrency: [100],
  iterations: 1,
  // No warm-up: a million requests warm anything up.
  warmup: 0,
  deadline: 600_000,
  baseline: '',
  target: { ...defaultSuite.target, latency: '1ms' },
};
