import type { Suite } from './suite.ts';

// Every core strategy, tiny: a few seconds, for CI and for checking an installation.
export const smokeSuite: Suite = {
  name: 'smoke',
  summary: 'every core strategy, 20 requests at 5 ms, C = 4, 3 iterations: a few seconds',
  strategies: ['sequential', 'shared-agent', 'promise-all', 'limited-pool', 'worker-threads'],
  clients: ['undici'],
  requests: 20,
  concurrency: [4],
  iterations: 3,
  warmup: 1,
  latency: '5ms',
  payloadBytes: 256,
  timeoutMs: 10_000,
};
