import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { Strategy } from '../strategies/strategy.ts';
import { UsageError } from './usage-error.ts';

// The settings of a --config file (and of the API's runSuite): npm run bench's flags in camelCase. Only
// the shape is checked here; ranges and specs are checked by the flag parser, which gets the settings as
// flags (configToArgs), so the two can never disagree.

/** Each schema's description completes the error `"key" must be ...`. */
const integer = Type.Integer({ description: 'an integer' });
const number = Type.Number({ description: 'a number' });
const text = Type.String({ description: 'a string' });
const onOff = Type.Boolean({ description: 'true or false' });
const names = Type.Union([Type.Array(Type.String()), Type.String()], { description: 'a list of names or a comma-separated string' });
const integers = Type.Union([Type.Array(Type.Integer()), Type.Integer(), Type.String()], {
  description: 'an integer, a list of integers or a comma-separated string',
});
const numberOrText = Type.Union([Type.Number(), Type.String()], { description: 'a number or a string' });
const exports = Type.Array(Type.Object({ format: Type.String(), file: Type.String() }, { additionalProperties: false }), {
  description: 'a list of { format, file }',
});
// Functions cannot be written in JSON: only a .ts or .js config can hold these.
const strategyObjects = Type.Array(
  Type.Object({ name: Type.String(), summary: Type.String(), run: Type.Function([], Type.Unknown()), predict: Type.Function([], Type.Unknown()) }),
  { description: 'a list of strategies made with defineStrategy (in a .ts or .js config)' },
);

const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

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
    fault: optional(text),
    rateLimit: optional(text),
    timeout: optional(integer),
    retries: optional(integer),
    deadline: optional(integer),
    target: optional(text),
    allowRemote: optional(onOff),
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

export const CONFIG_KEYS = Object.keys(BenchConfigSchema.properties) as (keyof BenchConfig)[];

/** A value as the error shows it: short, one line. */
function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** `value` as settings; otherwise a UsageError of one line that starts with `source` and names the key. */
export function checkConfig(value: unknown, source: string): BenchConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source}: must be an object of settings like { "suite": "smoke" }, got ${shown(value)}`);
  }
  const errors = [...Value.Errors(BenchConfigSchema, value)];
  // A misspelt key is the likeliest mistake, and it explains any other error, so it is reported first.
  const error = errors.find((e) => e.type === ValueErrorType.ObjectAdditionalProperties) ?? errors[0];
  if (!error) return value as BenchConfig;
  const key = error.path.split('/')[1]!;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    throw new UsageError(`${source}: unknown key "${key}"; valid keys: ${CONFIG_KEYS.join(', ')}`);
  }
  const expected = BenchConfigSchema.properties[key as keyof typeof BenchConfigSchema.properties].description;
  throw new UsageError(`${source}: "${key}" must be ${expected}, got ${shown((value as Record<string, unknown>)[key])}`);
}

/** `prepCpu` -> `--prep-cpu`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Settings as the command-line flags that say the same: lists joined by commas, a switch as --x or
 * --no-x, every value attached with "=" so one that starts with "-" is not read as a flag.
 */
export function settingsToArgs(settings: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const flag = flagOf(key);
    if (typeof value === 'boolean') args.push(value ? flag : flag.replace(/^--/, '--no-'));
    else if (Array.isArray(value)) args.push(`${flag}=${value.join(',')}`);
    else args.push(`${flag}=${String(value)}`);
  }
  return args;
}

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
