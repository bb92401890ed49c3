import { CLIENT_NAMES } from '../clients/index.ts';
import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// What the harness and the mock cost: each client beside its bare loop, the mock beside bare Fastify, at latency 0.
export const overheadSuite: Suite = {
  ...defaultSuite,
  name: 'overhead',
  summary: "each client's limited-pool against its bare hand-written loop, and the mock against bare Fastify, at latency 0: their ratios",
  groups: [{ strategies: ['limited-pool'], clients: [...CLIENT_NAMES] }],
  requests: 5000,
  concurrency: [50],
  iterations: 1,
  // At latency 0 the JIT is still compiling the hot path after one iteration.
  warmup: 2,
  rounds: 10,
  calibrate: true,
  target: { ...defaultSuite.target, latency: '0' },
};
