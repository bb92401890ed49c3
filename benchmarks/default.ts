import type { Suite } from './suite.ts';

// The five core strategies on undici at 20 ms. Sized so the whole run fits in about 30 s on 2 cores:
// the two one-at-a-time strategies cost N x 20 ms = 2 s an iteration, the rest a few hundred ms.
export const defaultSuite: Suite = {
  name: 'default',
  summary: 'the five core strategies with undici, 100 requests at 20 ms, C = 10',
  strategies: ['sequential', 'shared-agent', 'promise-all', 'limited-pool', 'worker-threads'],
  clients: ['undici'],
  requests: 100,
  concurrency: [10],
  iterations: 5,
  warmup: 1,
  latency: '20ms',
  payloadBytes: 256,
  timeoutMs: 10_000,
};
