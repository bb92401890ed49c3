import { Type } from '@sinclair/typebox';
import type { ParseArgsConfig } from 'node:util';
import { findSuite, SUITE_NAMES, SUITES } from '../benchmarks/index.ts';
import type { Suite } from '../benchmarks/suite.ts';
import { allClients, clientNames } from '../clients/index.ts';
import type { SuiteOverrides } from '../harness/plan.ts';
import { checkoutProblem } from '../harness/interleave.ts';
import { defaultForHelp, EXPORTERS, joinExportWords, parseExportFlag, type ExportRequest } from '../report/exporters.ts';
import type { Assertion } from '../report/assertions.ts';
import { GROUP_BY_VALUES, type GroupBy } from '../report/table.ts';
import { allStrategies, strategyNames } from '../strategies/index.ts';
import { choice, names, onOff, text, type MultipleOption, type Option, type OptionGroup, type ValuesOf } from './options/option.ts';
import { assertOption } from './options/assert.ts';
import { RUN_OPTIONS } from './options/run.ts';
import { checkSettingsValues, defaultShown, flagsOf, inSettingsWords, parseArgsOptions, parseCommandLine, renderOptions, type OptionTable } from './options/table.ts';
import { ACCESS_OPTIONS, TARGET_OPTIONS } from './options/target.ts';
import { parseTargetUrl } from './parse-values.ts';
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
  /** --assert: limits every case (or the cases named) must meet, else exit 1. */
  assertions: Assertion[];
  /** Another checkout to run the same suite from, alternately with this one, and compare against. */
  interleave?: string;
  /** The arguments both checkouts run with (the suite and its overrides), for --interleave. */
  suiteArgs: string[];
  json: boolean;
  /** The table on stdout with every column, instead of the compact one. */
  wide: boolean;
  /** Also write report.html (environment, table, charts) next to the report. */
  html: boolean;
  quiet: boolean;
  list: boolean;
  help: boolean;
}

/** A run or target setting whose value, when not given, is the suite's: --help shows the default suite's. */
function suiteDefault<T>(option: Option<T>): Option<T> {
  const { default: _fallback, ...rest } = option;
  const shownDefault = defaultShown(option);
  return { ...rest, defaultText: shownDefault === undefined || shownDefault === '' ? "the suite's" : `the suite's, ${shownDefault}` };
}

function suiteDefaults<T extends OptionTable>(table: T): T {
  return Object.fromEntries(Object.entries(table).map(([key, option]) => [key, suiteDefault(option)])) as T;
}

const exportOption: MultipleOption<ExportRequest> = {
  ...text({ group: 'output', placeholder: 'FORMAT[=FILE]', help: '', read: parseExportFlag }),
  help:
    'also write the results as FORMAT to FILE (two words work too: --export FORMAT FILE); FILE "-" is stdout, which then shows no table; FORMAT is ' +
    EXPORTERS.map((exporter) => `${exporter.format} (${exporter.summary}; ${defaultForHelp(exporter)})`).join(', '),
  multiple: true,
  defaultText: 'none',
  check: (value) => {
    const { format, file } = value as ExportRequest;
    return parseExportFlag(file === undefined ? format : `${format}=${file}`);
  },
  format: ({ format, file }) => (file === undefined ? format : `${format}=${file}`),
  schema: Type.Object({ format: Type.String(), file: Type.Optional(Type.String()) }, { additionalProperties: false, description: '{ format, file }' }),
};

/**
 * Every setting of npm run bench, once: its flag (the key in kebab-case), its config key and API option
 * (the key), its parsing, range, default and --help line. Run and target settings are the suite's
 * (cli/options/run.ts, target.ts): given, they override it.
 */
export const BENCH_OPTIONS = {
  suite: text({
    group: 'workload',
    placeholder: 'NAME',
    help: `suite to run: ${SUITE_NAMES.join(', ')}`,
    default: 'default',
    read: (raw) => {
      if (!findSuite(raw)) throw new UsageError(`unknown suite "${raw}"; valid: ${SUITE_NAMES.join(', ')}`);
      return raw;
    },
  }),
  strategies: names(strategyNames, { group: 'workload', help: "run these strategies x the suite's clients (or --clients) instead of its cases", defaultText: "the suite's" }),
  clients: names(() => clientNames(), { group: 'workload', placeholder: 'x,y', help: "run the suite's strategies (or --strategies) x these clients instead of its cases", defaultText: "the suite's" }),
  ...suiteDefaults(RUN_OPTIONS),
  ...suiteDefaults(TARGET_OPTIONS),
  target: text({
    group: 'target',
    placeholder: 'URL',
    help: 'run against a fanout mock server you started (npm run mock-server) instead of starting one; only loopback addresses unless --allow-remote',
    defaultText: 'none',
  }),
  allowRemote: { ...ACCESS_OPTIONS.allowRemote, help: 'allow a --target that is not on this machine (that is a load test on someone)' },
  controlToken: { ...ACCESS_OPTIONS.controlToken, help: 'the control token the --target mock printed at start-up: a mock on another machine answers its control routes (stats, reset) only with it' },
  interleave: text({
    group: 'measurement',
    placeholder: 'DIR',
    help: 'run the same suite from the fanout checkout DIR (the base, with its own node_modules) and from this one (the head) alternately, --rounds times (5 unless given), then compare them as npm run compare does: exit 1 on a regression',
    defaultText: 'none',
    read: (raw) => checkedCheckout(raw),
  }),
  groupBy: choice(GROUP_BY_VALUES, { group: 'output', placeholder: 'KEY', help: `group the table's rows by ${GROUP_BY_VALUES.join(' or ')}`, defaultText: 'one list, fastest first' }),
  out: text({ group: 'output', placeholder: 'FILE', help: 'write the report here (= --export json=FILE)', defaultText: 'results/<timestamp>.json' }),
  saveBaseline: onOff({ group: 'output', help: 'also write it as results/baseline/<suite>.json, the baseline npm run bench:ci compares with (= --export baseline)', default: false }),
  export: exportOption,
  assert: assertOption('output'),
  html: onOff({ group: 'output', help: 'also write report.html next to the report: environment, table, the charts inline and how to read each; one self-contained file (npm run chart draws them as files) (= --export html)', default: false }),
  wide: onOff({ group: 'output', help: 'print every column of the table (the report, the HTML and --export table always have them all); without it the table shows the columns a reader needs first, in at most 100 columns, fewer in a narrower terminal', default: false }),
  json: onOff({ group: 'output', help: 'print only the report JSON on stdout (progress still goes to stderr) (= --export json=-)', default: false }),
  quiet: onOff({ group: 'output', help: 'no live progress bars: plain lines on stderr, one per case, even in a terminal', default: false }),
  // Read before the others (cli/config-file.ts), because a config can add strategies --strategies names.
  config: text({
    group: 'other',
    placeholder: 'FILE',
    help: 'read settings from FILE: JSON, or a .ts/.js module whose default export is the settings; its keys are these flags in camelCase (prepCpu, rateLimit, ...), and a module may add strategies of its own (customStrategies). Flags given on the command line override it',
    defaultText: 'none',
    commandLineOnly: true,
  }),
  list: onOff({ group: 'other', help: 'list strategies (with those a --config adds), clients and suites, then exit', commandLineOnly: true }),
  help: onOff({ group: 'other', help: 'this text', commandLineOnly: true }),
};

export type BenchValues = Partial<ValuesOf<typeof BENCH_OPTIONS>>;

/** util.parseArgs's view of the flags (by flag name), for tests and tools that enumerate them. */
export const BENCH_FLAGS: NonNullable<ParseArgsConfig['options']> = parseArgsOptions(BENCH_OPTIONS);

export const BENCH_GROUPS: readonly OptionGroup[] = [
  { id: 'workload', title: 'Workload (which cases, and what each sends)' },
  { id: 'target', title: 'Target (the mock server and the network in front of it)' },
  { id: 'measurement', title: 'Measurement' },
  { id: 'output', title: 'Output' },
  { id: 'other', title: 'Other' },
];

export const BENCH_HELP = `Usage: fanout bench [options]
       npm run bench -- [options]   (in fanout's own checkout)

Runs every case of a suite (strategy x client x concurrency) against a local mock server and prints a
comparison table; writes the JSON report to results/<timestamp>.json and results/latest.json. A duration
takes a unit (250ms, 30s, 2m); a bare number is in the unit its option names.

${renderOptions(BENCH_OPTIONS, BENCH_GROUPS)}

Progress goes to stderr: in a terminal a live bar per case (requests done, iteration, req/s, errors,
ETA); in a pipe, a file, with CI=true or --quiet one plain line per finished case.

A switch (--chunked, --tls, --quiet, ...) is turned off again with --no-<switch>, e.g. --no-quiet over a
config file that says quiet: true.

Exit codes: 0 every case ok, 1 a case failed or was aborted, 2 bad input (one line on stderr), 130 interrupted
(Ctrl-C or SIGTERM; a partial report is written).`;

export function renderList(): string {
  const rows = (items: readonly { name: string; summary: string }[]) =>
    items.map((item) => `  ${item.name.padEnd(19)} ${item.summary}`).join('\n');
  return `Strategies:\n${rows(allStrategies())}\n\nClients:\n${rows(allClients())}\n\nSuites:\n${rows(SUITES)}`;
}

/** --control-token goes with the --target it came from: the mock a run starts itself needs none. */
function controlTokenFor(token: string, target: string | undefined): string {
  if (target === undefined) throw new UsageError('--control-token is for the mock server given as --target; without --target the run starts its own, which needs none');
  return token;
}

function checkedCheckout(dir: string): string {
  const problem = checkoutProblem(dir);
  if (problem) throw new UsageError(`--interleave: ${problem}`);
  return dir;
}

/** The settings that choose and shape the suite's cases: what the other checkout of --interleave runs with. */
/**
 * The settings about this command's output, which a program that runs a suite handles itself (the API
 * takes none of them): the output group's options that are not the suite's, and --interleave.
 */
export const OUTPUT_KEYS = [
  ...Object.entries(BENCH_OPTIONS)
    .filter(([key, option]) => option.group === 'output' && !option.commandLineOnly && !(key in RUN_OPTIONS))
    .map(([key]) => key),
  'interleave',
] as (keyof typeof BENCH_OPTIONS)[];

/** What the other checkout of --interleave does not take: the output, the actions, the config (its settings are passed), the rounds (its own). */
const NOT_SUITE_KEYS = new Set<string>([...OUTPUT_KEYS, ...Object.keys(BENCH_OPTIONS).filter((key) => BENCH_OPTIONS[key as keyof typeof BENCH_OPTIONS].commandLineOnly), 'rounds']);

/**
 * Settings from a config file or the API, their shape checked (config-file.ts), and where they came from.
 * Their values are checked by benchOptionsOf, except those the command line overrides: those are not used.
 */
export interface ConfigSettings {
  /** "config my.json", or "runSuite": the start of every error about these settings. */
  source: string;
  settings: Record<string, unknown>;
}

const RUN_KEYS = Object.keys(RUN_OPTIONS);
const TARGET_KEYS = Object.keys(TARGET_OPTIONS);

/**
 * The options of a run: the config's settings, then the command line's flags over them (a repeatable
 * one, --export, adds to the config's). An error that the config's settings alone cause is said to come
 * from it, in its words.
 */
export function parseBenchArgs(argv: string[], config?: ConfigSettings): BenchOptions {
  return benchOptionsOf(config, parseCommandLine(BENCH_OPTIONS, joinExportWords(argv)).values as BenchValues);
}

/** The options of a run from settings checked already: a config's (or the API's), and the command line's over them. */
export function benchOptionsOf(config: ConfigSettings | undefined, given: BenchValues = {}): BenchOptions {
  const overridden = (key: string) => given[key as keyof BenchValues] !== undefined && BENCH_OPTIONS[key as keyof typeof BENCH_OPTIONS]?.multiple !== true;
  const used = Object.fromEntries(Object.entries(config?.settings ?? {}).filter(([key]) => !overridden(key)));
  const fromConfig = config ? (checkSettingsValues(BENCH_OPTIONS, used, config.source) as BenchValues) : {};
  const values: BenchValues = { ...fromConfig, ...given, export: [...(fromConfig.export ?? []), ...(given.export ?? [])], assert: [...(fromConfig.assert ?? []), ...(given.assert ?? [])] };
  // A check of settings together (a remote target needs allowRemote, ...) blames the config only when
  // none of the settings it reads came from the command line.
  const together = <T>(keys: (keyof BenchValues)[], check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (!config || !(error instanceof UsageError) || keys.some((key) => given[key] !== undefined)) throw error;
      throw inSettingsWords(error, config.source);
    }
  };
  const target = values.target === undefined ? undefined : together(['target', 'allowRemote'], () => parseTargetUrl(values.target!, values.allowRemote === true));
  const pick = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, (values as Record<string, unknown>)[key]]));
  const suiteValues = Object.fromEntries(Object.entries(values).filter(([key]) => !NOT_SUITE_KEYS.has(key)));
  return {
    suite: findSuite(values.suite ?? 'default')!,
    overrides: { ...pick(RUN_KEYS), strategies: values.strategies, clients: values.clients, target: pick(TARGET_KEYS) } as SuiteOverrides,
    ...(target === undefined ? {} : { target }),
    ...(values.controlToken === undefined ? {} : { controlToken: together(['controlToken', 'target'], () => controlTokenFor(values.controlToken!, target)) }),
    ...(values.groupBy === undefined ? {} : { groupBy: values.groupBy }),
    saveBaseline: values.saveBaseline === true,
    ...(values.interleave === undefined ? {} : { interleave: values.interleave }),
    suiteArgs: flagsOf(BENCH_OPTIONS, suiteValues),
    exports: values.export ?? [],
    assertions: values.assert ?? [],
    out: values.out,
    json: values.json === true,
    wide: values.wide === true,
    html: values.html === true,
    quiet: values.quiet === true,
    list: values.list === true,
    help: values.help === true,
  };
}
