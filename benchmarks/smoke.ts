import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// Every strategy once, tiny, for CI and for checking an installation.
export const smokeSuite: Suite = {
  ...defaultSuite,
  name: 'smoke',
  summary: 'every strategy with undici, 20 requests at 5 ms, C = 4, 3 iterations: a few seconds',
  groups: [{ strategies: defaultSuite.groups[0]!.strategies, clients: ['undici'] }],
  requests: 20,
  concurrency: [4],
  iterations: 3,
  rate: 1000,
  target: { ...defaultSuite.target, latency: '5ms' },
};
