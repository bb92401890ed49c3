import { CLIENT_NAMES } from '../clients/index.ts';
import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// A 20 ms round trip and TLS between clients and target, so a new connection costs what it does over a real network.
export const networkSuite: Suite = {
  ...defaultSuite,
  name: 'network',
  summary: 'a 20 ms RTT and TLS in front of the target: sequential vs shared-agent vs a pool of 10 vs promise-all, every client',
  groups: [{ strategies: ['sequential', 'shared-agent', 'limited-pool', 'promise-all'], clients: [...CLIENT_NAMES] }],
  requests: 100,
  concurrency: [10],
  // Two measured iterations: the one-at-a-time cases are slow here (docs/findings.md has the times).
  iterations: 2,
  warmup: 1,
  baseline: 'sequential/undici',
  // The target's latency is kept short so the network dominates.
  target: { ...defaultSuite.target, latency: '5ms', rtt: 20, tls: true },
};
