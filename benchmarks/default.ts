import { RUN_DEFAULTS } from '../cli/options/run.ts';
import { TARGET_DEFAULTS } from '../cli/options/target.ts';
import { CLIENT_NAMES } from '../clients/index.ts';
import type { Suite } from './suite.ts';

// Every strategy with undici, and the two that matter most for a client choice (a pool, one at a time) with every client.
export const defaultSuite: Suite = {
  name: 'default',
  summary: 'every strategy with undici, plus limited-pool and sequential with every client; 50 requests at 20 ms, C = 10',
  groups: [
    {
      strategies: ['sequential', 'shared-agent', 'promise-all', 'limited-pool', 'connection-limited', 'batched', 'queue-workers', 'worker-threads', 'barrier-burst', 'fixed-rate'],
      clients: ['undici'],
    },
    { strategies: ['limited-pool', 'sequential'], clients: [...CLIENT_NAMES] },
  ],
  ...RUN_DEFAULTS,
  warmup: 1,
  target: TARGET_DEFAULTS,
  calibrate: false,
};
