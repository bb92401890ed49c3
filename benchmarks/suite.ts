/** Strategies x clients: one block of a suite's cases. */
export interface CaseGroup {
  strategies: string[];
  clients: string[];
  /**
   * Requests per iteration scale with concurrency: each case of this group sends
   * max(minRequests, requestsPerConcurrency x C) requests, C being the concurrency the case asks for,
   * instead of the suite's `requests`. Every strategy of such a group runs once per concurrency, also
   * one that ignores C (promise-all with factor 1 is then N = C). An explicit `--requests` turns the
   * scaling off: every case sends that many (see applyOverrides in harness/plan.ts).
   */
  requestsPerConcurrency?: number;
  /** The floor of the scaled request count (default 1), so a tiny C still sends a few requests. */
  minRequests?: number;
}

/** A suite: which cases to run and the target they run against. Plain data; see benchmarks/*.ts. */
export interface Suite {
  name: string;
  summary: string;
  /** The cases: every group's strategies x clients x (for strategies that use it) each concurrency. */
  groups: CaseGroup[];
  /** Requests per iteration (of every case whose group does not scale them with C). */
  requests: number;
  concurrency: number[];
  iterations: number;
  warmup: number;
  /** The whole case list runs this many times, in a fresh shuffled order each round (seeded). */
  rounds: number;
  /** Latency spec of the target (DESIGN.md grammar) and the seed of its draws. */
  latency: string;
  seed: number;
  payloadBytes: number;
  /** Bodies sent with Transfer-Encoding: chunked, and dribbled over this many ms (0: at once). */
  chunked: boolean;
  slowBodyMs: number;
  /** Faults the target injects (fault spec, empty for none) and its rate limit ("200/s", empty for none). */
  faults: string;
  rateLimit: string;
  /** Per-request timeout (each client's own mechanism), retries of retryable failures, and the per-case deadline. */
  timeoutMs: number;
  retries: number;
  deadlineMs: number;
  /** Requests per second for open-workload strategies (fixed-rate). */
  rate: number;
  /**
   * A case whose strategy holds a promise for every request (promise-all, limited-pool, ...) is refused
   * above this many requests, with a message, instead of running the client out of memory.
   */
  maxPending: number;
  /** Worker threads for threaded strategies; 0 means one per core (never more than C). */
  threads: number;
  /** Preparation work per request before it is sent: synchronous CPU and asynchronous wait, in ms. */
  prepCpuMs: number;
  prepWaitMs: number;
  /** The "x vs" column compares with this "strategy/client" case; empty: with the slowest ok case. */
  baseline: string;
  /** Emulated network in front of the target: round-trip time (ms), bandwidth cap per connection and
   * direction (bytes/s; 0: none), and HTTPS with a certificate made at start-up. */
  rttMs: number;
  bandwidthBytesPerSec: number;
  tls: boolean;
  /** Also run the bare hand-written loop and report the harness/bare throughput ratio (suite overhead). */
  calibrate: boolean;
}

/** Every strategy and every client a suite names, in order of first appearance. */
export function suiteStrategies(suite: Suite): string[] {
  return [...new Set(suite.groups.flatMap((group) => group.strategies))];
}

export function suiteClients(suite: Suite): string[] {
  return [...new Set(suite.groups.flatMap((group) => group.clients))];
}
