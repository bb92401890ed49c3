import { CLIENT_NAMES } from '../clients/index.ts';
import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// The comparison the seed articles made, each row one of their Python idioms (docs/suites.md names each row's origin).
export const seedsSuite: Suite = {
  ...defaultSuite,
  name: 'seeds',
  summary: "the seed articles' comparison: 100 requests at 20 ms, pools of 10, every client",
  groups: [
    {
      strategies: ['sequential', 'shared-agent', 'worker-threads', 'limited-pool', 'batched', 'connection-limited', 'promise-all', 'queue-workers', 'barrier-burst'],
      clients: [...CLIENT_NAMES],
    },
  ],
  requests: 100,
  concurrency: [10],
  iterations: 3,
  // ThreadPoolExecutor(max_workers=10): ten threads, one request in flight each.
  threads: 10,
  baseline: 'sequential/undici',
};
