import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// For the regression gate: stable latency-bound undici cases, enough iterations for the U test to reach alpha 0.01.
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
