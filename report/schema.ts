import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SCHEMA_VERSION } from './schema-version.ts';

// The report contract of DESIGN.md. Tables, markdown, charts and the regression gate read only this.
export { SCHEMA_VERSION };

const Summary = Type.Object({
  median: Type.Number(),
  mean: Type.Number(),
  sd: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  /** Percentile-bootstrap 95% interval of the median (seeded, 2000 resamples). */
  ciLow: Type.Number(),
  ciHigh: Type.Number(),
  n: Type.Integer({ minimum: 0 }),
  /** Every measured iteration, in the order it ran (rounds one after another). */
  samples: Type.Array(Type.Number()),
  /** Indices into samples outside Tukey's fences (1.5 IQR): flagged, never removed. */
  outliers: Type.Array(Type.Integer({ minimum: 0 })),
});

/** cancelled: cut off by the harness (deadline, Ctrl-C); malformed: a response HTTP or JSON refuses. */
const ErrorCounts = Type.Object({
  timeout: Type.Integer({ minimum: 0 }),
  reset: Type.Integer({ minimum: 0 }),
  http5xx: Type.Integer({ minimum: 0 }),
  http429: Type.Integer({ minimum: 0 }),
  malformed: Type.Integer({ minimum: 0 }),
  cancelled: Type.Integer({ minimum: 0 }),
  other: Type.Integer({ minimum: 0 }),
});

const TargetIteration = Type.Object({
  received: Type.Integer({ minimum: 0 }),
  connections: Type.Integer({ minimum: 0 }),
  /** Requests that arrived on a connection that had already carried one. */
  reusedRequests: Type.Integer({ minimum: 0 }),
  peakInFlight: Type.Integer({ minimum: 0 }),
  arrivalSpreadMs: Type.Number({ minimum: 0 }),
  appliedLatencyMs: Type.Object({ mean: Type.Number(), max: Type.Number(), meanOvershoot: Type.Number() }),
  cpuMs: Type.Number({ minimum: 0 }),
  /** How long the target's event loop was busy in this iteration (absent in reports before it was kept). */
  loopBusyMs: Type.Optional(Type.Number({ minimum: 0 })),
  /** Faults the target injected in this iteration, by kind (http429: refused by its rate limit). */
  faults: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  /** This iteration's ideal, replayed over the latencies the target applied. */
  idealMs: Type.Number({ minimum: 0 }),
});

/**
 * A typed problem or warning: `kind` names the check that found it, `data` holds the figures behind it,
 * `message` the sentence a reader sees. Consumers can branch on kind and read data instead of parsing text.
 */
const issue = <K extends string, D extends TProperties>(kind: K, data: D) =>
  Type.Object({ kind: Type.Literal(kind), data: Type.Object(data), message: Type.String() });

/** A line of a report written before problems and warnings were typed (schemaVersion 1): its text only. */
const Note = issue('note', {});

/** Why a case is not ok. Each kind comes from one place in harness/ (named on its line). */
export const CaseProblem = Type.Union([
  // case-cut-off.ts: the case ran past its deadline, or the run was interrupted (Ctrl-C).
  issue('deadline', { deadlineMs: Type.Number({ minimum: 0 }) }),
  issue('interrupted', {}),
  // run-case.ts: tinybench or a hook threw, so the case stopped before its iterations were done.
  issue('case-stopped', { error: Type.String() }),
  // pending-limit.ts: the strategy would hold a promise per request, above --max-pending.
  issue('refused', { strategy: Type.String(), requests: Type.Integer({ minimum: 0 }), maxPending: Type.Integer({ minimum: 0 }) }),
  // user-modules.ts: a threaded case whose strategy or client was registered through the API, which threads cannot load.
  issue('not-in-threads', { strategy: Type.String(), client: Type.String() }),
  // runner.ts: the target did not answer its control routes, so the case was not run.
  issue('target-silent', { error: Type.String() }),
  // measurement.ts: one iteration's accounting (iteration numbered from 1).
  issue('requests-unsent', { iteration: Type.Integer(), sent: Type.Integer(), expected: Type.Integer() }),
  issue('requests-unaccounted', { iteration: Type.Integer(), sent: Type.Integer(), ok: Type.Integer(), failed: Type.Integer() }),
  issue('target-count-differs', { iteration: Type.Integer(), received: Type.Integer(), attempts: Type.Integer(), sent: Type.Integer() }),
  issue('requests-failed', {
    iteration: Type.Integer(),
    failed: Type.Integer(),
    /** Failures by kind, the kinds that occurred only. */
    byKind: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    firstError: Type.String(),
  }),
  // case-verdicts.ts: fewer iterations measured than the run asked for.
  issue('iterations-missing', { measured: Type.Integer({ minimum: 0 }), expected: Type.Integer({ minimum: 0 }) }),
  Note,
]);

/** What a reader of a case should know about its figures. Each kind comes from harness/case-verdicts.ts. */
export const CaseWarning = Type.Union([
  // The target's event loop or CPU was busy for most of the makespan (bottleneck.ts's rule).
  issue('target-bound', { makespanMs: Type.Number(), targetCpuMs: Type.Number(), targetLoopBusyMs: Type.Number() }),
  // undici and fetch keep a timeout below a second only to about 0.5 s.
  issue('coarse-timeout', { client: Type.String(), timeoutMs: Type.Number() }),
  // Above the requests the target keeps service times for, the ideal is the model's closed form.
  issue('closed-form-ideal', { requests: Type.Integer(), maxRecordedRequests: Type.Integer() }),
  // The first iteration whose replayed ideal was more than 1% and 1 ms above its measured makespan.
  issue('ideal-beat-measurement', { iteration: Type.Integer(), idealMs: Type.Number(), makespanMs: Type.Number() }),
  Note,
]);

export const Bottleneck = Type.Union([
  Type.Literal('latency-bound'),
  Type.Literal('client-cpu-bound'),
  Type.Literal('target-bound'),
  Type.Literal('queueing'),
]);

export const CaseReport = Type.Object({
  id: Type.String(),
  strategy: Type.String(),
  client: Type.String(),
  concurrency: Type.Integer({ minimum: 1 }),
  threads: Type.Integer({ minimum: 1 }),
  /** Requests per iteration. */
  requests: Type.Integer({ minimum: 1 }),
  iterations: Type.Integer({ minimum: 0 }),
  state: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('aborted')]),
  /** Why the case is not ok, one per problem. */
  problems: Type.Array(CaseProblem),
  /** What a reader should know about an ok case (target-bound, an ideal that beat the measurement). */
  warnings: Type.Array(CaseWarning),
  makespanMs: Summary,
  /** Requests per second, one value per iteration: requests / makespan. */
  throughput: Type.Object({ median: Type.Number(), ciLow: Type.Number(), ciHigh: Type.Number() }),
  latencyMs: Type.Object({
    p50: Type.Number(),
    p90: Type.Number(),
    p99: Type.Number(),
    p999: Type.Number(),
    max: Type.Number(),
    mean: Type.Number(),
    /** p99 of each measured iteration on its own, in run order. */
    p99Samples: Type.Array(Type.Number()),
  }),
  /** Closed-form estimate before the run: the schedule over the latencies the seeded model draws. */
  predictedMs: Type.Number(),
  /** The ideal per iteration, replayed over the latencies the target really applied. */
  idealMs: Summary,
  /** Median over iterations of ideal / measured makespan. */
  efficiency: Type.Number(),
  bottleneck: Bottleneck,
  /**
   * Totals over the measured iterations, plus the one cut off at the deadline or by a signal (even a
   * warm-up), whose requests still in flight count as cancelled: sent = ok + failed (by kind in errors); attempts = sent +
   * retries, which is what the target received. lateStarts: scheduled requests (open workload) that
   * started more than 1 ms after their time.
   */
  counts: Type.Object({
    sent: Type.Integer(),
    ok: Type.Integer(),
    failed: Type.Integer(),
    attempts: Type.Integer(),
    lateStarts: Type.Integer(),
  }),
  /** Final failures by kind, a few distinct messages, and the retries by the kind of failure retried. */
  errors: Type.Object({
    total: Type.Integer(),
    byKind: ErrorCounts,
    samples: Type.Array(Type.String()),
    retries: Type.Object({ total: Type.Integer(), byKind: ErrorCounts }),
  }),
  /**
   * What the target saw in one iteration (it is reset before each): the largest value of any measured
   * iteration; each iteration's own values are in perIteration.
   */
  target: Type.Object({
    received: Type.Integer(),
    connections: Type.Integer(),
    peakInFlight: Type.Integer(),
    arrivalSpreadMs: Type.Number(),
    /** CPU time of the target process per iteration (median), ms. */
    cpuMs: Type.Number(),
    perIteration: Type.Array(TargetIteration),
    /** Requests in flight at the target per bucket during the last measured iteration. */
    inFlightTimeline: Type.Optional(Type.Object({ bucketMs: Type.Number(), values: Type.Array(Type.Integer()) })),
  }),
  /**
   * Client process: CPU summed over the measured iterations (all threads) and per request; the main
   * thread's event-loop utilisation (median per iteration) and delay p99; peak RSS (all threads) and
   * peak main-thread heap while the case ran.
   */
  resources: Type.Object({
    cpuUserMs: Type.Number(),
    cpuSystemMs: Type.Number(),
    cpuUsPerRequest: Type.Number(),
    eventLoopUtilization: Type.Number(),
    eventLoopDelayP99Ms: Type.Number(),
    peakRssBytes: Type.Integer(),
    peakHeapBytes: Type.Integer(),
  }),
});

const ThroughputSummary = Type.Object({ median: Type.Number(), ciLow: Type.Number(), ciHigh: Type.Number(), samples: Type.Array(Type.Number()) });

/** One client's calibration: the harness's limited-pool against that client's bare loop, same target. */
export const ClientCalibration = Type.Object({
  client: Type.String(),
  bareThroughput: ThroughputSummary,
  harnessThroughput: ThroughputSummary,
  /** harness / bare median throughput of each round (the two ran back to back in every round). */
  pairRatios: Type.Array(Type.Number()),
  /** The median of pairRatios: 1 means the harness costs nothing. */
  ratio: Type.Number(),
  /** Client CPU (user + system) per request, median over iterations, in microseconds. */
  bareCpuUsPerRequest: Type.Number(),
  harnessCpuUsPerRequest: Type.Number(),
  /** harness / bare CPU per request of each round, and their median: 1 means the harness costs no CPU. */
  cpuPairRatios: Type.Array(Type.Number()),
  cpuRatio: Type.Number(),
});

/** The mock's CPU per request against a bare Fastify app with the same route and body, same load. */
export const TargetCalibration = Type.Object({
  mockCpuUsPerRequest: Type.Number(),
  bareCpuUsPerRequest: Type.Number(),
  /** mock / bare Fastify CPU per request of each round, and their median. */
  pairRatios: Type.Array(Type.Number()),
  ratio: Type.Number(),
});

/** The overhead calibrations (suite overhead): the harness against bare loops, the mock against bare Fastify. */
export const Calibration = Type.Object({
  requests: Type.Integer(),
  concurrency: Type.Integer(),
  clients: Type.Array(ClientCalibration),
  target: Type.Optional(TargetCalibration),
});

export const Report = Type.Object({
  schemaVersion: Type.Literal(SCHEMA_VERSION),
  meta: Type.Object({
    createdAt: Type.String(),
    node: Type.String(),
    platform: Type.String(),
    arch: Type.String(),
    cpus: Type.Integer(),
    cpuModel: Type.String(),
    gitSha: Type.String(),
    versions: Type.Record(Type.String(), Type.String()),
  }),
  config: Type.Object({
    suite: Type.String(),
    /** Requests per iteration of a case whose group does not scale them with C (suite sweep does); each case's `requests` is what it sent. */
    requests: Type.Integer(),
    concurrency: Type.Array(Type.Integer()),
    strategies: Type.Array(Type.String()),
    clients: Type.Array(Type.String()),
    iterations: Type.Integer(),
    warmup: Type.Integer(),
    rounds: Type.Integer(),
    /** Seed of the target's latency draws. */
    seed: Type.Integer(),
    /** Per-request timeout, ms. (Renamed in schemaVersion 2: upgrade-report.ts reads `formerly`.) */
    timeout: Type.Integer({ formerly: 'timeoutMs' }),
    retries: Type.Integer(),
    /** The per-case deadline, ms. */
    deadline: Type.Integer({ formerly: 'deadlineMs' }),
    /** Requests per second of open-workload strategies. */
    rate: Type.Number(),
    /** Worker threads asked for (0: one per core, at most C). */
    threads: Type.Integer(),
    /** Preparation per request before it is sent, ms: synchronous CPU, asynchronous wait. */
    prepCpu: Type.Number({ formerly: 'prepCpuMs' }),
    prepWait: Type.Number({ formerly: 'prepWaitMs' }),
    /** A case holding a promise per request is refused above this many requests (absent before schemaVersion 2). */
    maxPending: Type.Optional(Type.Integer()),
    /** "strategy/client" the table's "x vs" column compares with; empty: the slowest ok case. */
    baseline: Type.String(),
    target: Type.Object({
      latency: Type.String(),
      /** Response body size, bytes. */
      payload: Type.Integer({ formerly: 'payloadBytes' }),
      /** Bodies sent chunked, and dribbled over this many ms (0: at once). */
      chunked: Type.Boolean(),
      slowBody: Type.Number({ formerly: 'slowBodyMs' }),
      /** Injected faults (fault spec; empty: none) and the rate limit ("200/s"; empty: none). */
      fault: Type.String({ formerly: 'faults' }),
      rateLimit: Type.String(),
      /** Emulated round-trip time (relay), ms; 0: plain loopback. */
      rtt: Type.Number({ formerly: 'rttMs' }),
      /** Bandwidth cap per connection and direction, bytes/s; 0: none. */
      bandwidth: Type.Number({ formerly: 'bandwidthBytesPerSec' }),
      /** The target served HTTPS with a certificate made for the run. */
      tls: Type.Boolean(),
    }),
    /** The user's own clients (defineClient) among the cases, with the settings of their code. */
    customClients: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), summary: Type.String(), settings: Type.Record(Type.String(), Type.Unknown()) })),
    ),
  }),
  /** Set when the run was interrupted: the report holds what finished before, and says so. */
  partial: Type.Optional(Type.Boolean()),
  cases: Type.Array(CaseReport),
  calibration: Type.Optional(Calibration),
});

export type CaseReport = Static<typeof CaseReport>;
export type Report = Static<typeof Report>;
export type Bottleneck = Static<typeof Bottleneck>;
export type CaseProblem = Static<typeof CaseProblem>;
export type CaseWarning = Static<typeof CaseWarning>;
export type TargetIteration = Static<typeof TargetIteration>;
export type Calibration = Static<typeof Calibration>;
export type ClientCalibration = Static<typeof ClientCalibration>;
export type TargetCalibration = Static<typeof TargetCalibration>;

/**
 * What the schema's types cannot say about a case's samples, one line each. Every sample must be a
 * finite number (TypeBox already refuses NaN and infinities; said again here for values built in
 * memory). A makespan must be above 0: an iteration always takes time. An ideal may be 0, not less: the
 * replay counts a request that never reached the target as 0 ms, so an iteration in which none did has
 * an ideal of 0, and the closed form is 0 at latency 0 without preparation or network. A latency may be
 * 0, not less: it is 0 for an iteration (or a case) in which no request succeeded. The ideals and the
 * per-iteration p99s are one per measured iteration, as many as the makespans.
 */
function sampleProblems(report: Report): string[] {
  const problems: string[] = [];
  report.cases.forEach((result, index) => {
    const at = (path: string, what: string) => problems.push(`/cases/${index}/${path}: ${what} (case ${result.id})`);
    const check = (path: string, value: number, what: string, zeroAllowed: boolean) => {
      if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
        at(path, `${value} is not ${what}: it must be a finite number of ms, ${zeroAllowed ? '0 or more' : 'above 0'}`);
      }
    };
    const makespans = result.makespanMs.samples;
    makespans.forEach((value, i) => check(`makespanMs/samples/${i}`, value, 'a makespan', false));
    result.idealMs.samples.forEach((value, i) => check(`idealMs/samples/${i}`, value, 'an ideal', true));
    result.latencyMs.p99Samples.forEach((value, i) => check(`latencyMs/p99Samples/${i}`, value, 'a latency', true));
    for (const key of ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const) check(`latencyMs/${key}`, result.latencyMs[key], 'a latency', true);
    for (const [path, values] of [['idealMs/samples', result.idealMs.samples], ['latencyMs/p99Samples', result.latencyMs.p99Samples]] as const) {
      if (values.length !== makespans.length) {
        at(path, `${values.length} samples but makespanMs has ${makespans.length}: one per measured iteration each`);
      }
    }
  });
  return problems;
}

/** The schema violations of a parsed report, one line each (empty when it is valid), then its invalid samples. */
export function reportProblems(value: unknown): string[] {
  const problems = [...Value.Errors(Report, value)].map((error) => `${error.path || '/'}: ${error.message}`);
  // The sample rules read the report's shape, so they run on a report the schema accepts.
  return problems.length > 0 ? problems : sampleProblems(value as Report);
}
