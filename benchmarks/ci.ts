import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// For the regression gate: latency-bound cases that are stable on a shared runner (a pool, a worker
// queue, one kept-alive connection and a new connection per request, all with undici), enough
// iterations for the U test to reach alpha 0.01 (5 per side, 8 here); 40 requests keep it near 20 s.
export const ciSuite: Suite = {
  ...defaultSuite,
  name: 'ci',
  summary: 'the regression gate: four latency-bound undici cases, 40 requests at 20 ms, 8 iterations each, about 20 s',
  groups: [{ strategies: ['limited-pool', 'queue-workers', 'shared-agent', 'sequential'], clients: ['undici'] }],
  requests: 40,
  concurrency: [10],
  iterations: 8,
  warmup: 1,
  target: { ...defaultSuite.target, latency: '20ms' },
};
