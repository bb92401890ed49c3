import pLimit from 'p-limit';
import { windowMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// The p-limit / semaphore idiom: at most C requests in flight, the next starting as one finishes.
export const limitedPool = defineStrategy({
  name: 'limited-pool',
  summary: 'at most C requests in flight, a new one as soon as one finishes (p-limit, asyncio.Semaphore)',
  workload: 'closed',
  usesConcurrency: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  // p-limit queues a closure and a promise for each of the N requests up front.
  holdsEveryRequest: true,
  // Sockets sized to the limiter: uncapped, undici opens an extra connection whenever the next request
  // is dispatched before the connection just freed has signalled 'drain', ending with up to 2C of them.
  clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
  async run({ requests, concurrency, send }) {
    const limit = pLimit(concurrency);
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => send(index))));
  },
  predict: ({ requests, concurrency, durationOf }) => windowMakespan(durationOf, 0, requests, concurrency),
});
