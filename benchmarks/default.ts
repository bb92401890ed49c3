import { CLIENT_NAMES } from '../clients/index.ts';
import type { Suite } from './suite.ts';

// Every strategy with undici, and the two that matter most for a client choice (a pool, and one at a
// time on a new connection each) with every client. 50 requests at 20 ms keep it near a minute on
// 2 cores: the one-at-a-time cases cost 50 x 20 ms = 1 s an iteration, the rest about 0.1 s.
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
  requests: 50,
  concurrency: [10],
  iterations: 5,
  warmup: 1,
  rounds: 1,
  latency: '20ms',
  seed: 1,
  payloadBytes: 256,
  chunked: false,
  slowBodyMs: 0,
  faults: '',
  rateLimit: '',
  timeoutMs: 10_000,
  retries: 0,
  deadlineMs: 120_000,
  // Little's law for C = 10 at 20 ms is 500/s; 400/s stays under what a pool of 10 could carry.
  rate: 400,
  threads: 0,
  // p-limit's idiom peaked at 530-650 MB of RSS for 200,000 requests (measured); a million would be the heap.
  maxPending: 200_000,
  prepCpuMs: 0,
  prepWaitMs: 0,
  baseline: '',
  calibrate: false,
  // Plain loopback: no emulated network, plain HTTP.
  rttMs: 0,
  bandwidthBytesPerSec: 0,
  tls: false,
};
