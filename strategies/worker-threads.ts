import { windowMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

/** Splits `total` into `parts` whole numbers that differ by at most one. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, part) => Math.floor(total / parts) + (part < total % parts ? 1 : 0));
}

/** Thread t's share: its first request index, request count and concurrency. */
function shares(requests: number, concurrency: number, threads: number) {
  const counts = splitEvenly(requests, threads);
  const limits = splitEvenly(concurrency, threads);
  let firstIndex = 0;
  return counts.map((count, thread) => {
    const share = { firstIndex, requests: count, concurrency: limits[thread]! };
    firstIndex += count;
    return share;
  });
}

// ThreadPoolExecutor, Node style: T worker threads, each with its own client and event loop, share the
// N requests and the total concurrency C; each thread drains its share with C/T workers from a bounded
// queue (the executor's work queue), so its memory stays the same whatever N is.
export const workerThreads = defineStrategy({
  name: 'worker-threads',
  summary: 'T worker threads, each with its own client, share N requests and C (ThreadPoolExecutor)',
  workload: 'closed',
  usesConcurrency: true,
  usesThreads: true,
  effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
  // Each thread's client gets sockets for its own share of C, as limited-pool does for the whole of C.
  clientSettings: (concurrency, threads) => ({ keepAlive: true, maxSockets: Math.ceil(concurrency / threads) }),
  async run({ requests, concurrency, threads }) {
    if (!threads) throw new Error('worker-threads needs the harness to start its threads');
    await Promise.all(
      shares(requests, concurrency, threads.size).map((share, thread) =>
        threads.run(thread, { strategy: 'queue-workers', ...share }),
      ),
    );
  },
  predict: ({ requests, concurrency, threads, durationOf }) =>
    Math.max(...shares(requests, concurrency, threads).map((share) => windowMakespan(durationOf, share.firstIndex, share.requests, share.concurrency))),
});
