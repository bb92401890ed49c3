import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// A target that misbehaves like a real one: 5% HTTP 500, 2% connections reset mid-response, 1% requests
// that never answer, and a rate limit that answers 429 with Retry-After. Every request must still be
// accounted for; run it again with --retries 3 to see the success rate rise and what retries cost.
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
