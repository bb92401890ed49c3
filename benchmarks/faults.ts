import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// A target that misbehaves like a real one (500s, resets, hangs, 429s), and every request still accounted for.
export const faultsSuite: Suite = {
  ...defaultSuite,
  name: 'faults',
  summary: 'a faulty target (5% http500, 2% reset, 1% hang, 150/s rate limit): accounting, timeouts, retries',
  groups: [{ strategies: ['limited-pool', 'queue-workers', 'promise-all', 'shared-agent'], clients: ['undici', 'fetch', 'axios'] }],
  requests: 200,
  concurrency: [10],
  iterations: 3,
  timeout: 250,
  deadline: 30_000,
  target: { ...defaultSuite.target, latency: '5ms', fault: 'http500:5%,reset:2%,hang:1%', rateLimit: '150/s' },
};
