import { Barrier } from './barrier.ts';
import { slowestOf } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// asyncio.Barrier: every request first does its preparation, then all wait at a barrier and fire together,
// so the target sees them arrive at (nearly) the same moment.
export const barrierBurst = defineStrategy({
  name: 'barrier-burst',
  summary: 'every request prepares, waits at a barrier, then all fire together (asyncio.Barrier)',
  workload: 'closed',
  usesConcurrency: false,
  effectiveConcurrency: (requests) => requests,
  holdsEveryRequest: true,
  clientSettings: () => ({ keepAlive: true, maxSockets: Infinity }),
  async run({ requests, prepare, request }) {
    const barrier = new Barrier(requests);
    await Promise.all(
      Array.from({ length: requests }, async (_, index) => {
        await prepare(index);
        await barrier.wait();
        await request(index);
      }),
    );
  },
  // Preparation on one event loop runs its CPU part one request at a time; then everything overlaps.
  predict: ({ requests, durationOf, prepCpuMs }) => requests * prepCpuMs + slowestOf(durationOf, 0, requests) - prepCpuMs,
});
