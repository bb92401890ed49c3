import { windowMakespan } from './ideal.ts';
import { promiseAll } from './promise-all.ts';
import { defineStrategy } from './strategy.ts';

// aiohttp's TCPConnector(limit=C): the very same Promise.all as `promise-all`, but the client's socket
// pool is capped at C, so the queue lives inside the HTTP client.
export const connectionLimited = defineStrategy({
  ...promiseAll,
  name: 'connection-limited',
  summary: "all N started at once, the client's socket pool capped at C holds the queue (TCPConnector(limit=C))",
  usesConcurrency: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
  // The pool frees a socket and takes the next queued request: a window of C in index order.
  predict: ({ requests, concurrency, durationOf }) => windowMakespan(durationOf, 0, requests, concurrency),
});
