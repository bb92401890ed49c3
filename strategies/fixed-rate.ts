import { setTimeout as sleep } from 'node:timers/promises';
import { defineStrategy } from './strategy.ts';

// An open workload (k6's constant-arrival-rate, wrk2): request i starts at i / R seconds whatever the
// earlier ones are doing. Each is timed from its scheduled start, so a client that falls behind shows
// it in its latencies (no coordinated omission) and in its late starts.
export const fixedRate = defineStrategy({
  name: 'fixed-rate',
  summary: 'request i starts at i/R seconds whatever the responses do (open workload, --rate R)',
  workload: 'open',
  usesConcurrency: false,
  effectiveConcurrency: (requests) => requests,
  holdsEveryRequest: true,
  clientSettings: () => ({ keepAlive: true, maxSockets: Infinity }),
  async run({ requests, rate, send }) {
    const start = performance.now();
    const started: Promise<void>[] = [];
    for (let index = 0; index < requests; index++) {
      const scheduledAt = start + (index * 1000) / rate;
      // Timers can fire up to a millisecond early against performance.now(): wait until it is really time.
      for (let early = scheduledAt - performance.now(); early > 0; early = scheduledAt - performance.now()) await sleep(early);
      started.push(send(index, scheduledAt));
    }
    await Promise.all(started);
  },
  predict: ({ requests, rate, durationOf }) => {
    let makespan = 0;
    for (let index = 0; index < requests; index++) makespan = Math.max(makespan, (index * 1000) / rate + durationOf(index));
    return makespan;
  },
});
