import { BoundedQueue } from './bounded-queue.ts';
import { windowMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

/** The requests to make, arriving one by one, as from a file, a cursor or a stream. */
async function* requestDescriptions(count: number): AsyncGenerator<number> {
  for (let index = 0; index < count; index++) yield index;
}

// gevent's boss/worker queue (Python's Queue + worker threads): a producer fills a bounded queue from an
// async source while C workers drain it. Only 2C descriptions ever wait in memory, whatever N is.
export const queueWorkers = defineStrategy({
  name: 'queue-workers',
  summary: 'a producer fills a bounded queue (2C) from an async source, C workers drain it (gevent boss/workers)',
  workload: 'closed',
  usesConcurrency: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
  async run({ requests, concurrency, send }) {
    const queue = new BoundedQueue<number>(2 * concurrency);
    const producer = async () => {
      for await (const index of requestDescriptions(requests)) await queue.put(index);
      queue.close();
    };
    const worker = async () => {
      for await (const index of queue) await send(index);
    };
    await Promise.all([producer(), ...Array.from({ length: Math.min(concurrency, requests) }, worker)]);
  },
  // Each free worker takes the next request: a window of C in index order.
  predict: ({ requests, concurrency, durationOf }) => windowMakespan(durationOf, 0, requests, concurrency),
});
