import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// How much does the harness itself cost? The harness's limited-pool with undici against a bare
// hand-written undici loop with the same window, in the same run, at latency 0 (where any overhead shows
// most). Twenty-four short rounds run the two back to back (each warmed up, then one measured iteration),
// alternating which goes first, and the ratio is taken round by round, so a shared machine's drift,
// which swings single iterations by 2x here, cancels out in the median.
export const overheadSuite: Suite = {
  ...defaultSuite,
  name: 'overhead',
  summary: "the harness's limited-pool/undici against a bare hand-written loop at latency 0: their throughput ratio",
  groups: [{ strategies: ['limited-pool'], clients: ['undici'] }],
  requests: 5000,
  concurrency: [20],
  iterations: 1,
  // At latency 0 the JIT is still compiling the hot path after one iteration.
  warmup: 2,
  rounds: 24,
  latency: '0',
  calibrate: true,
};
