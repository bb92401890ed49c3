import { batchesMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// The classic "send 10 at a time" loop: chunks of C, each awaited with Promise.all before the next starts,
// so every batch waits for its slowest request.
export const batched = defineStrategy({
  name: 'batched',
  summary: 'chunks of C, each awaited with Promise.all before the next (waits for the slowest of each batch)',
  workload: 'closed',
  usesConcurrency: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
  async run({ requests, concurrency, send }) {
    for (let start = 0; start < requests; start += concurrency) {
      const end = Math.min(start + concurrency, requests);
      await Promise.all(Array.from({ length: end - start }, (_, offset) => send(start + offset)));
    }
  },
  predict: ({ requests, concurrency, durationOf }) => batchesMakespan(durationOf, requests, concurrency),
});
