import { windowMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// aiohttp's TCPConnector(limit=C): fire everything at once and let the client's socket pool, capped at C,
// hold the queue.
export const connectionLimited = defineStrategy({
  name: 'connection-limited',
  summary: "all N started at once, the client's socket pool capped at C holds the queue (TCPConnector(limit=C))",
  workload: 'closed',
  usesConcurrency: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
  async run({ requests, send }) {
    await Promise.all(Array.from({ length: requests }, (_, index) => send(index)));
  },
  // The pool frees a socket and takes the next queued request: a window of C in index order.
  predict: ({ requests, concurrency, durationOf }) => windowMakespan(durationOf, 0, requests, concurrency),
});
