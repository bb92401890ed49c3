/**
 * A strategy is a way to schedule N requests. It calls `send(index)` and never knows which client is
 * behind it: the harness builds the client, prepares and times every request and records every failure,
 * so nothing here ever rejects.
 */
export interface StrategyContext {
  /** Requests to send, with indices 0 .. requests-1. */
  readonly requests: number;
  /** The concurrency the case asks for (the strategy decides what it means). */
  readonly concurrency: number;
  /** Requests per second, for open-workload strategies. */
  readonly rate: number;
  /**
   * Prepares request `index` (the case's --prep-cpu / --prep-wait work), sends it and resolves when its
   * whole response was read or it failed. With `scheduledAt` (a performance.now() time), its latency is
   * timed from that moment instead of from the send, and a late start is counted.
   */
  send(index: number, scheduledAt?: number): Promise<void>;
  /** The two halves of `send`, for strategies that put something between them (a barrier). */
  prepare(index: number): Promise<void>;
  request(index: number): Promise<void>;
  /** Worker threads prepared by the harness, for strategies with `usesThreads`. */
  readonly threads?: ThreadGroup;
}

/** A share of the requests that one worker thread runs with its own client and event loop. */
export interface ThreadShare {
  /** The strategy the thread runs over its share (by name). */
  strategy: string;
  firstIndex: number;
  requests: number;
  concurrency: number;
}

export interface ThreadGroup {
  /** Threads started for this case; each has its own client. */
  readonly size: number;
  /** Runs a share on thread `thread`; its latencies and counts merge into the case's. */
  run(thread: number, share: ThreadShare): Promise<void>;
}

/** What a prediction is made from: the case, and how long each request takes when nothing else costs. */
export interface PredictionInput {
  requests: number;
  concurrency: number;
  threads: number;
  rate: number;
  /**
   * Milliseconds request `index` occupies its slot with zero client cost: its preparation plus the
   * latency the target applies to it.
   */
  durationOf(index: number): number;
  /** The synchronous CPU part of each request's preparation, in milliseconds. */
  prepCpuMs: number;
}

export interface Strategy {
  readonly name: string;
  /** One line for --list and the README. */
  readonly summary: string;
  /** closed: a new request starts when another ends; open: requests start on a schedule. */
  readonly workload: 'closed' | 'open';
  /** false: the concurrency flag means nothing to this strategy, so it runs once whatever C is. */
  readonly usesConcurrency: boolean;
  /** The harness starts worker threads for it (context.threads); each runs a share with a strategy by name (fanout's, or one of a config module, which the threads load). */
  readonly usesThreads?: boolean;
  /**
   * The idiom makes a promise for every request before the last one settles (Promise.all over all N,
   * p-limit's queue, a schedule that keeps what it started), so its memory grows with N; the harness
   * refuses such a case above --max-pending instead of letting it run out of memory.
   */
  readonly holdsEveryRequest?: boolean;
  /** The concurrency this strategy really runs at, for the report. */
  effectiveConcurrency(requests: number, concurrency: number): number;
  /** Client settings the idiom implies (keep-alive, socket cap per client); the harness adds the rest. */
  clientSettings(concurrency: number, threads: number): { keepAlive: boolean; maxSockets: number };
  run(context: StrategyContext): Promise<void>;
  /**
   * The ideal makespan in milliseconds: the strategy's schedule over the request durations, with zero
   * client cost. The harness also holds it to the CPU floor (N x prep-cpu / threads).
   */
  predict(input: PredictionInput): number;
}

/** The parts of a strategy that have a usual value, which defineStrategy fills in when left out. */
type StrategyDefaults = 'workload' | 'usesConcurrency' | 'effectiveConcurrency' | 'clientSettings';

/** What defineStrategy takes: a strategy whose usual parts may be left out. */
export type StrategyDefinition = Omit<Strategy, StrategyDefaults> & Partial<Pick<Strategy, StrategyDefaults>>;

/**
 * A strategy from its definition. Left out, the usual parts are those of a closed loop that keeps at
 * most C requests in flight (as limited-pool does): the case runs at min(N, C), and the client gets
 * keep-alive and C sockets, since an uncapped pool opens more connections than requests in flight.
 */
export function defineStrategy(definition: StrategyDefinition): Strategy {
  return {
    workload: 'closed',
    usesConcurrency: true,
    effectiveConcurrency: (requests, concurrency) => Math.min(requests, concurrency),
    clientSettings: (concurrency) => ({ keepAlive: true, maxSockets: concurrency }),
    ...definition,
  };
}
