import { slowestOf } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// asyncio.gather / Promise.all: start every request at once, await them together.
export const promiseAll = defineStrategy({
  name: 'promise-all',
  summary: 'all N requests started at once and awaited together (asyncio.gather)',
  workload: 'closed',
  usesConcurrency: false,
  effectiveConcurrency: (requests) => requests,
  holdsEveryRequest: true,
  clientSettings: () => ({ keepAlive: true, maxSockets: Infinity }),
  async run({ requests, send }) {
    await Promise.all(Array.from({ length: requests }, (_, index) => send(index)));
  },
  // Everything overlaps: the makespan is the slowest single request.
  predict: ({ requests, durationOf }) => slowestOf(durationOf, 0, requests),
});
