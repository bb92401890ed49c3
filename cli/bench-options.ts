import type { ParseArgsConfig } from 'node:util';
import { findSuite, SUITE_NAMES, SUITES } from '../benchmarks/index.ts';
import type { Suite } from '../benchmarks/suite.ts';
import { CLIENT_NAMES, CLIENTS } from '../clients/index.ts';
import type { SuiteOverrides } from '../harness/plan.ts';
import { checkoutProblem } from '../harness/interleave.ts';
import { LATENCY_SPEC_HELP } from '../mock-server/latency.ts';
import { EXPORT_HELP, joinExportWords, parseExportFlag, type ExportRequest } from '../report/exporters.ts';
import { GROUP_BY_VALUES, type GroupBy } from '../report/table.ts';
import { allStrategies, strategyNames } from '../strategies/index.ts';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../mock-server/faults.ts';
import { parseRateLimit, RATE_LIMIT_HELP } from '../mock-server/rate-limit.ts';
import {
  parseChoice,
  parseControlToken,
  parseDecimal,
  parseFlags,
  parseInteger,
  parseIntegerList,
  parseBandwidthFlag,
  parseLatencyFlag,
  parseNameList,
  parseSpec,
  parseTargetUrl,
  parseRttFlag,
} from './parse-values.ts';
import type { ConfigArgs } from './bench-config.ts';
import { settingsError } from './settings.ts';
import { UsageError } from './usage-error.ts';

export type { ExportRequest } from '../report/exporters.ts';

export interface BenchOptions {
  suite: Suite;
  overrides: SuiteOverrides;
  out?: string;
  /** An external mock server to run against instead of starting one. */
  target?: string;
  /** The control token that mock server printed, sent on every control call (one on another machine wants it). */
  controlToken?: string;
  groupBy?: GroupBy;
  /** Also write the report as the committed baseline of its suite (results/baseline/<suite>.json). */
  saveBaseline: boolean;
  exports: ExportRequest[];
  /** Another checkout to run the same suite from, alternately with this one, and compare against. */
  interleave?: string;
  /** The arguments both checkouts run with (the suite and its overrides), for --interleave. */
  suiteArgs: string[];
  json: boolean;
  /** Also write report.html (environment, table, charts) next to the report. */
  html: boolean;
  quiet: boolean;
  list: boolean;
  help: boolean;
}

export const BENCH_HELP = `Usage: npm run bench -- [options]

Runs every case of a suite (strategy x client x concurrency) against a local mock server and prints a
comparison table; writes the JSON report to results/<timestamp>.json and results/latest.json.

Options:
  --config FILE         read settings from FILE: JSON, or a .ts/.js module whose default export is the
                        settings; its keys are these flags in camelCase (prepCpu, rateLimit, ...), and a
                        module may add strategies of its own (customStrategies). Flags given on the
                        command line override it (default: none)
  --suite NAME          suite to run: ${SUITE_NAMES.join(', ')}
                        (default: default)
  --strategies a,b      run these strategies x the suite's clients (or --clients) instead of its cases
                        (default: the suite's)
  --clients x,y         run the suite's strategies (or --strategies) x these clients instead of its cases
                        (default: the suite's)
  --requests N          requests per iteration of every case, 1 to 1000000 (default: the suite's; it
                        also overrides a suite's scaling of requests with C, as in sweep)
  --concurrency C[,C2]  concurrency values, 1 to 100000 (default: the suite's)
  --latency SPEC        target latency: ${LATENCY_SPEC_HELP}
                        (default: the suite's)
  --seed S              seed of the latency draws and the round order, 0 to 4294967295 (default: 1)
  --payload BYTES       response body size, 0 to 67108864 (default: the suite's)
  --chunked             the target sends bodies with Transfer-Encoding: chunked instead of a content-length
                        (default: the suite's, off)
  --slow-body MS        the target dribbles each body out over MS milliseconds, 0 to 600000 (default: 0)
  --iterations K        measured iterations per case and round, 1 to 1000 (default: the suite's)
  --rounds R            run the whole case list R times, 1 to 100, each round in a fresh order shuffled
                        by the seed (default: the suite's, 1)
  --rate R              requests per second for fixed-rate, 0.1 to 1000000 (default: the suite's)
  --threads T           worker threads for worker-threads, 1 to 256 (default: the suite's, else one per core)
  --prep-cpu MS         synchronous CPU work per request before it is sent, 0 to 10000 (default: 0)
  --prep-wait MS        asynchronous wait per request before it is sent, 0 to 60000 (default: 0)
  --max-pending N       refuse (as failed, with the reason) a case whose strategy holds a promise for every
                        request (promise-all, connection-limited, barrier-burst, limited-pool, fixed-rate)
                        above N requests, 1 to 100000000 (default: the suite's, 200000)
  --fault SPEC          faults the target injects: ${FAULT_SPEC_HELP}
                        (default: the suite's, none)
  --rate-limit R        the target answers 429 with Retry-After beyond ${RATE_LIMIT_HELP}
                        (default: the suite's, none)
  --timeout MS          per-request timeout, 1 to 600000 (default: the suite's, 10000)
  --retries N           retries of a request that timed out, was reset, got 5xx/429 or a malformed body,
                        0 to 10, exponential backoff with full jitter, Retry-After honoured (default: 0)
  --deadline S          a case still running after S seconds is cut off and recorded as aborted,
                        1 to 86400 (default: the suite's, 120)
  --target URL          run against a fanout mock server you started (npm run mock-server) instead of
                        starting one; only loopback addresses unless --allow-remote (default: none)
  --allow-remote        allow a --target that is not on this machine (that is a load test on someone)
                        (default: off)
  --control-token T     the control token the --target mock printed at start-up: a mock on another
                        machine answers its control routes (stats, reset) only with it (default: none)
  --rtt MS              emulated round trip in front of the target, 0 to 10000: a relay delays every
                        exchange by MS and each new connection by one more (default: the suite's, 0)
  --bandwidth B/S       bandwidth cap per connection and direction through that relay, bytes per second,
                        0 for none (default: the suite's, 0)
  --tls                 the target serves HTTPS with a certificate made for the run, which every client
                        trusts explicitly (default: the suite's, plain HTTP)
  --group-by KEY        group the table's rows by ${GROUP_BY_VALUES.join(' or ')} (default: one list, fastest first)
  --baseline S/C        the "x vs" column compares with this strategy/client case (default: the suite's,
                        else the slowest ok case)
  --interleave DIR      run the same suite from the fanout checkout DIR (the base, with its own
                        node_modules) and from this one (the head) alternately, --rounds times (5 unless
                        given), then compare them as npm run compare does: exit 1 on a regression
                        (default: none)
  --out FILE            write the report here, = --export json=FILE (default: results/<timestamp>.json)
  --save-baseline       also write it as results/baseline/<suite>.json, the baseline npm run bench:ci
                        compares with, = --export baseline (default: off)
${EXPORT_HELP}
  --html                also write report.html next to the report: environment, table, the charts inline
                        and how to read each; one self-contained file (npm run chart draws them as files),
                        = --export html (default: off)
  --json                print only the report JSON on stdout (progress still goes to stderr), = --export
                        json=- (default: off)
  --quiet               no live progress bars: plain lines on stderr, one per case, even in a terminal
                        (default: off)
  --list                list strategies (with those a --config adds), clients and suites, then exit
  --help                this text

Progress goes to stderr: in a terminal a live bar per case (requests done, iteration, req/s, errors,
ETA); in a pipe, a file, with CI=true or --quiet one plain line per finished case.

A switch (--chunked, --tls, --quiet, ...) is turned off again with --no-<switch>, e.g. --no-quiet over a
config file that says quiet: true.

Exit codes: 0 every case ok, 1 a case failed or was aborted, 2 bad input (one line on stderr), 130 interrupted
(Ctrl-C or SIGTERM; a partial report is written).`;

export function renderList(): string {
  const rows = (items: readonly { name: string; summary: string }[]) =>
    items.map((item) => `  ${item.name.padEnd(19)} ${item.summary}`).join('\n');
  return `Strategies:\n${rows(allStrategies())}\n\nClients:\n${rows(CLIENTS)}\n\nSuites:\n${rows(SUITES)}`;
}

/** --control-token goes with the --target it came from: the mock a run starts itself needs none. */
function controlTokenFor(raw: string, target: string | undefined): string {
  if (target === undefined) throw new UsageError('--control-token is for the mock server given as --target; without --target the run starts its own, which needs none');
  return parseControlToken(raw);
}

function checkedCheckout(dir: string): string {
  const problem = checkoutProblem(dir);
  if (problem) throw new UsageError(`--interleave: ${problem}`);
  return dir;
}

/**
 * The flags that choose and shape the suite, without the ones about this run's output. --config is left
 * out too: its settings are already among the flags, and the other checkout may not know the file.
 */
const OUTPUT_FLAGS = new Set(['--config', '--interleave', '--out', '--rounds', '--export']);
const OUTPUT_SWITCHES = new Set(['--json', '--html', '--quiet', '--save-baseline', '--help', '--list']);
function suiteArgsOf(raw: string[]): string[] {
  const argv = joinExportWords(raw);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag] = argv[i]!.split('=');
    if (OUTPUT_SWITCHES.has(flag!.replace(/^--no-/, '--'))) continue;
    if (OUTPUT_FLAGS.has(flag!)) {
      if (!argv[i]!.includes('=')) i += 1;
      continue;
    }
    args.push(argv[i]!);
  }
  return args;
}

/** Every flag of npm run bench, as util.parseArgs reads them; BENCH_HELP has an entry for each. */
export const BENCH_FLAGS = {
  // Read before the others (see cli/config-file.ts); parsed here so it shows in --help and is not unknown.
  config: { type: 'string' },
  suite: { type: 'string', default: 'default' },
  strategies: { type: 'string' },
  clients: { type: 'string' },
  requests: { type: 'string' },
  concurrency: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  payload: { type: 'string' },
  chunked: { type: 'boolean' },
  'slow-body': { type: 'string' },
  iterations: { type: 'string' },
  rounds: { type: 'string' },
  rate: { type: 'string' },
  threads: { type: 'string' },
  'prep-cpu': { type: 'string' },
  'prep-wait': { type: 'string' },
  'max-pending': { type: 'string' },
  fault: { type: 'string' },
  'rate-limit': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  deadline: { type: 'string' },
  target: { type: 'string' },
  'allow-remote': { type: 'boolean', default: false },
  'control-token': { type: 'string' },
  rtt: { type: 'string' },
  bandwidth: { type: 'string' },
  tls: { type: 'boolean' },
  'group-by': { type: 'string' },
  baseline: { type: 'string' },
  out: { type: 'string' },
  'save-baseline': { type: 'boolean', default: false },
  interleave: { type: 'string' },
  export: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  html: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  list: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * The options of a run: `config`'s flags first, then the command line's, so a flag given on the command
 * line overrides the config. The config's flags that the command line gives again are left out first, so
 * that an override is not a flag given twice (and the suite's arguments an --interleave run passes on
 * hold each flag once). An error that the config's flags alone cause is said to come from it.
 */
export function parseBenchArgs(argv: string[], config?: ConfigArgs): BenchOptions {
  if (!config) return parseCommandLine(argv);
  const given = flagsGivenIn(argv);
  // A repeatable flag (--export) adds to the config's instead.
  const settings = config.args.filter((arg) => flagOption(flagNameOf(arg))?.multiple === true || !given.has(flagNameOf(arg)));
  try {
    return parseCommandLine([...settings, ...argv]);
  } catch (error) {
    if (!(error instanceof UsageError) || !failsWith(settings, error.message)) throw error;
    throw settingsError(error, config.source);
  }
}

function flagOption(name: string): { type: string; multiple?: boolean } | undefined {
  return (BENCH_FLAGS as Record<string, { type: string; multiple?: boolean }>)[name];
}

/** `--prep-cpu=1` and `--prep-cpu` -> `prep-cpu`; `--no-tls` -> `tls`, as util.parseArgs names them. */
function flagNameOf(arg: string): string {
  const name = arg.replace(/^--/, '').split('=')[0]!;
  const negated = name.replace(/^no-/, '');
  return negated !== name && flagOption(negated)?.type === 'boolean' ? negated : name;
}

/** The names of the flags the command line gives; its own errors (a flag given twice, ...) are thrown. */
function flagsGivenIn(argv: string[]): Set<string> {
  const { tokens } = parseFlags({ args: joinExportWords(argv), strict: true, allowPositionals: false, allowNegative: true, options: BENCH_FLAGS, tokens: true });
  return new Set(tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : [])));
}

function failsWith(argv: string[], message: string): boolean {
  try {
    parseCommandLine(argv);
    return false;
  } catch (error) {
    return (error as Error).message === message;
  }
}

function parseCommandLine(argv: string[]): BenchOptions {
  const { values } = parseFlags({
    args: joinExportWords(argv),
    strict: true,
    allowPositionals: false,
    allowNegative: true,
    options: BENCH_FLAGS,
  });
  const suite = findSuite(values.suite);
  if (!suite) throw new UsageError(`unknown suite "${values.suite}"; valid: ${SUITE_NAMES.join(', ')}`);
  if (values.latency !== undefined) parseLatencyFlag(values.latency);
  const maybe = <T>(raw: string | undefined, parse: (raw: string) => T): T | undefined =>
    raw === undefined ? undefined : parse(raw);
  return {
    suite,
    overrides: {
      strategies: maybe(values.strategies, (raw) => parseNameList('strategies', raw, strategyNames())),
      clients: maybe(values.clients, (raw) => parseNameList('clients', raw, CLIENT_NAMES)),
      requests: maybe(values.requests, (raw) => parseInteger('requests', raw, 1, 1_000_000)),
      concurrency: maybe(values.concurrency, (raw) => parseIntegerList('concurrency', raw, 1, 100_000)),
      iterations: maybe(values.iterations, (raw) => parseInteger('iterations', raw, 1, 1000)),
      rounds: maybe(values.rounds, (raw) => parseInteger('rounds', raw, 1, 100)),
      latency: values.latency,
      seed: maybe(values.seed, (raw) => parseInteger('seed', raw, 0, 2 ** 32 - 1)),
      payloadBytes: maybe(values.payload, (raw) => parseInteger('payload', raw, 0, 64 * 1024 * 1024)),
      chunked: values.chunked,
      slowBodyMs: maybe(values['slow-body'], (raw) => parseInteger('slow-body', raw, 0, 600_000)),
      rate: maybe(values.rate, (raw) => parseDecimal('rate', raw, 0.1, 1_000_000)),
      threads: maybe(values.threads, (raw) => parseInteger('threads', raw, 1, 256)),
      prepCpuMs: maybe(values['prep-cpu'], (raw) => parseDecimal('prep-cpu', raw, 0, 10_000)),
      prepWaitMs: maybe(values['prep-wait'], (raw) => parseDecimal('prep-wait', raw, 0, 60_000)),
      maxPending: maybe(values['max-pending'], (raw) => parseInteger('max-pending', raw, 1, 100_000_000)),
      rttMs: maybe(values.rtt, parseRttFlag),
      bandwidthBytesPerSec: maybe(values.bandwidth, parseBandwidthFlag),
      tls: values.tls,
      baseline: values.baseline,
      faults: maybe(values.fault, (raw) => (parseSpec(parseFaultSpec, raw), raw)),
      rateLimit: maybe(values['rate-limit'], (raw) => (parseSpec(parseRateLimit, raw), raw)),
      timeoutMs: maybe(values.timeout, (raw) => parseInteger('timeout', raw, 1, 600_000)),
      retries: maybe(values.retries, (raw) => parseInteger('retries', raw, 0, 10)),
      deadlineMs: maybe(values.deadline, (raw) => parseInteger('deadline', raw, 1, 86_400) * 1000),
    },
    target: maybe(values.target, (raw) => parseTargetUrl(raw, values['allow-remote'])),
    ...(values['control-token'] === undefined ? {} : { controlToken: controlTokenFor(values['control-token'], values.target) }),
    groupBy: maybe(values['group-by'], (raw) => parseChoice('group-by', raw, GROUP_BY_VALUES)),
    saveBaseline: values['save-baseline'],
    ...(values.interleave === undefined ? {} : { interleave: checkedCheckout(values.interleave) }),
    suiteArgs: suiteArgsOf(argv),
    exports: (values.export ?? []).map(parseExportFlag),
    out: values.out,
    json: values.json,
    html: values.html,
    quiet: values.quiet,
    list: values.list,
    help: values.help,
  };
}
