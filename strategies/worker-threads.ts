import { defineStrategy } from './strategy.ts';

/** Splits `total` into `parts` whole numbers that differ by at most one. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, part) => Math.floor(total / parts) + (part < total % parts ? 1 : 0));
}

// ThreadPoolExecutor, Node style: T worker threads, each with its own client and event loop, share the
// N requests and the total concurrency C; each thread runs a limited pool over its share.
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
    const shares = splitEvenly(requests, threads.size);
    const limits = splitEvenly(concurrency, threads.size);
    let firstIndex = 0;
    await Promise.all(
      shares.map((count, thread) => {
        const share = { strategy: 'limited-pool', firstIndex, requests: count, concurrency: limits[thread]! };
        firstIndex += count;
        return threads.run(thread, share);
      }),
    );
  },
  predict: ({ requests, concurrency, threads, latencyMs }) => {
    const limits = splitEvenly(concurrency, threads);
    const waves = splitEvenly(requests, threads).map((count, thread) => Math.ceil(count / Math.max(1, limits[thread]!)));
    return Math.max(...waves) * latencyMs;
  },
});
