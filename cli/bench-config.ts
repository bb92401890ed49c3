import { Type, type Static } from '@sinclair/typebox';
import type { Strategy } from '../strategies/strategy.ts';
import { integer, integers, names, number, numberOrText, onOff, optional, settingsToArgs, text } from './settings.ts';

// The settings of a --config file (and of the API's runSuite): npm run bench's flags in camelCase. The
// schema checks their shape only; ranges and specs are checked by the flag parser, which gets them as
// flags (configToArgs), so a config and the command line can never disagree about what is valid.

const exports = Type.Array(Type.Object({ format: Type.String(), file: Type.String() }, { additionalProperties: false }), {
  description: 'a list of { format, file }',
});
// Functions cannot be written in JSON: only a .ts or .js config can hold these.
const strategyObjects = Type.Array(
  Type.Object({ name: Type.String(), summary: Type.String(), run: Type.Function([], Type.Unknown()), predict: Type.Function([], Type.Unknown()) }),
  { description: 'a list of strategies made with defineStrategy (in a .ts or .js config)' },
);

export const BenchConfigSchema = Type.Object(
  {
    suite: optional(text),
    strategies: optional(names),
    clients: optional(names),
    requests: optional(integer),
    concurrency: optional(integers),
    latency: optional(numberOrText),
    seed: optional(integer),
    payload: optional(integer),
    chunked: optional(onOff),
    slowBody: optional(integer),
    iterations: optional(integer),
    rounds: optional(integer),
    rate: optional(number),
    threads: optional(integer),
    prepCpu: optional(number),
    prepWait: optional(number),
    maxPending: optional(integer),
    fault: optional(text),
    rateLimit: optional(text),
    timeout: optional(integer),
    retries: optional(integer),
    deadline: optional(integer),
    target: optional(text),
    allowRemote: optional(onOff),
    controlToken: optional(text),
    rtt: optional(number),
    bandwidth: optional(integer),
    tls: optional(onOff),
    groupBy: optional(text),
    baseline: optional(text),
    interleave: optional(text),
    out: optional(text),
    saveBaseline: optional(onOff),
    export: optional(exports),
    html: optional(onOff),
    json: optional(onOff),
    quiet: optional(onOff),
    /** Strategies of the config's own, registered before the flags are checked, so `strategies` can name them. */
    customStrategies: optional(strategyObjects),
  },
  { additionalProperties: false },
);

/** The settings, as a config module exports them; customStrategies typed as the strategies they are. */
export type BenchConfig = Omit<Static<typeof BenchConfigSchema>, 'customStrategies'> & { customStrategies?: Strategy[] };

/** Types a config module's default export, so an editor completes and checks its keys. */
export function defineConfig(config: BenchConfig): BenchConfig {
  return config;
}

/** The settings about the command's output, which a program that runs a suite handles itself. */
const OUTPUT_KEYS = ['groupBy', 'interleave', 'out', 'saveBaseline', 'export', 'html', 'json', 'quiet'] as const;

/** The settings of the API's runSuite: the suite's run, without the command's output. */
export const RunSettingsSchema = Type.Omit(BenchConfigSchema, OUTPUT_KEYS);
export type RunSettings = Omit<BenchConfig, (typeof OUTPUT_KEYS)[number]>;

/** A checked config as npm run bench flags (its customStrategies are registered elsewhere: they are no flag). */
export function configToArgs(config: BenchConfig): string[] {
  const { customStrategies: _registered, export: exportsTo = [], ...settings } = config;
  return [...settingsToArgs(settings), ...exportsTo.map(({ format, file }) => `--export=${format}=${file}`)];
}

/** A config's flags, and where they came from, for an error message that blames the right place. */
export interface ConfigArgs {
  /** "config my.json", or "runSuite": the start of every error about these settings. */
  source: string;
  args: string[];
}
