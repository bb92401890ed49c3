import { serialMakespan } from './ideal.ts';
import { defineStrategy } from './strategy.ts';

// `for (const url of urls) requests.get(url)`: one request after another, and, like requests.get
// without a Session, a new TCP connection for every request.
export const sequential = defineStrategy({
  name: 'sequential',
  summary: 'one request after another, a new connection for each (requests.get in a loop)',
  workload: 'closed',
  usesConcurrency: false,
  effectiveConcurrency: () => 1,
  clientSettings: () => ({ keepAlive: false, maxSockets: 1 }),
  async run({ requests, send }) {
    for (let index = 0; index < requests; index++) {
      await send(index);
    }
  },
  // Every request in turn; connection setup is left out here (harness/prediction.ts adds an emulated
  // network's), so this stays a lower bound.
  predict: ({ requests, durationOf }) => serialMakespan(durationOf, 0, requests),
});
