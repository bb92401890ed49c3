import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// The default suite made tiny: a few seconds, for CI and for checking an installation.
export const smokeSuite: Suite = {
  ...defaultSuite,
  name: 'smoke',
  summary: 'every core strategy, 20 requests at 5 ms, C = 4, 3 iterations: a few seconds',
  requests: 20,
  concurrency: [4],
  iterations: 3,
  latency: '5ms',
};
