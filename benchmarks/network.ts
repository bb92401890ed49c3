import { CLIENT_NAMES } from '../clients/index.ts';
import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// Loopback makes a new TCP connection nearly free; this suite puts a 20 ms round trip and TLS between
// the clients and the target, so a new connection per request costs what it costs over a real network:
// one RTT for TCP and one for the TLS 1.3 handshake before the request's own round trip. The target's
// latency is kept short (5 ms) so the network dominates.
export const networkSuite: Suite = {
  ...defaultSuite,
  name: 'network',
  summary: 'a 20 ms RTT and TLS in front of the target: sequential vs shared-agent vs a pool of 10 vs promise-all, every client',
  groups: [{ strategies: ['sequential', 'shared-agent', 'limited-pool', 'promise-all'], clients: [...CLIENT_NAMES] }],
  requests: 100,
  concurrency: [10],
  // Two measured iterations (after one warm-up) keep five clients near three minutes on 2 cores; the
  // one-at-a-time cases take 3-8 s an iteration.
  iterations: 2,
  warmup: 1,
  baseline: 'sequential/undici',
  target: { ...defaultSuite.target, latency: '5ms', rtt: 20, tls: true },
};
