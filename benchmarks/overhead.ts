import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// How much does the harness itself cost? The harness's limited-pool with undici against a bare
// hand-written undici loop with the same window, in the same run, at latency 0 (where any overhead shows
// most). Five rounds alternate the two so drift hits both.
export const overheadSuite: Suite = {
  ...defaultSuite,
  name: 'overhead',
  summary: "the harness's limited-pool/undici against a bare hand-written loop at latency 0: their throughput ratio",
  groups: [{ strategies: ['limited-pool'], clients: ['undici'] }],
  requests: 2000,
  concurrency: [20],
  iterations: 4,
  rounds: 5,
  latency: '0',
  calibrate: true,
};
