import { decimal, duration, integer, integers, text, type ValuesOf } from './option.ts';
import { defaultsOf } from './table.ts';
import { SEED_OPTION } from './target.ts';

// The settings of a suite's run besides its cases and its target, declared once with the default suite's
// values: npm run bench's flags, a config file's keys, the API's options and the report's config.

export const RUN_OPTIONS = {
  requests: integer({ group: 'workload', help: 'requests per iteration of every case (it also overrides a suite\'s scaling of requests with C, as in sweep)', min: 1, max: 1_000_000, default: 50 }),
  concurrency: integers({ group: 'workload', placeholder: 'C[,C2]', help: 'concurrency values', min: 1, max: 100_000, default: [10] }),
  // Little's law for C = 10 at 20 ms is 500/s; 400/s stays under what a pool of 10 could carry.
  rate: decimal({ group: 'workload', placeholder: 'R', help: 'requests per second for fixed-rate', min: 0.1, max: 1_000_000, unit: 'req/s', default: 400 }),
  threads: integer({ group: 'workload', placeholder: 'T', help: 'worker threads for worker-threads (0 in a suite: one per core)', min: 1, max: 256, default: 0, defaultText: 'one per core' }),
  prepCpu: duration({ group: 'workload', help: 'synchronous CPU work per request before it is sent', min: 0, max: 10_000, bareUnit: 'ms', default: 0 }),
  prepWait: duration({ group: 'workload', help: 'asynchronous wait per request before it is sent', min: 0, max: 60_000, bareUnit: 'ms', default: 0 }),
  iterations: integer({ group: 'measurement', placeholder: 'K', help: 'measured iterations per case and round', min: 1, max: 1000, default: 5 }),
  warmup: integer({ group: 'measurement', placeholder: 'K', help: 'warm-up iterations per case and round, run first and not measured (a suite sets its own: the JIT needs more at latency 0)', min: 0, max: 1000 }),
  rounds: integer({ group: 'measurement', placeholder: 'R', help: 'run the whole case list R times, each round in a fresh order shuffled by the seed', min: 1, max: 100, default: 1 }),
  seed: SEED_OPTION,
  timeout: duration({ group: 'measurement', help: "per-request timeout, through each client's own mechanism", min: 1, max: 600_000, bareUnit: 'ms', whole: true, default: 10_000 }),
  retries: integer({ group: 'measurement', help: 'retries of a request that timed out, was reset, got 5xx/429 or a malformed body, with exponential backoff, full jitter and Retry-After honoured', min: 0, max: 10, default: 0 }),
  deadline: duration({ group: 'measurement', help: 'a case still running after this long is cut off and recorded as aborted', min: 1000, max: 86_400_000, bareUnit: 's', whole: true, default: 120_000 }),
  // p-limit's idiom peaked at 530-650 MB of RSS for 200,000 requests (measured); a million would be the heap.
  maxPending: integer({
    group: 'measurement',
    help: 'refuse (as failed, with the reason) a case whose strategy holds a promise for every request (promise-all, connection-limited, barrier-burst, limited-pool, fixed-rate) above N requests',
    min: 1,
    max: 100_000_000,
    default: 200_000,
  }),
  baseline: text({ group: 'output', placeholder: 'S/C', help: 'the "x vs" column compares with this strategy/client case', default: '', defaultText: 'the slowest ok case' }),
};

/** A suite's run settings, as the Suite, the report's config and the API hold them (durations in ms). */
export type RunSettings = ValuesOf<typeof RUN_OPTIONS>;
export const RUN_DEFAULTS = defaultsOf(RUN_OPTIONS) as RunSettings;
