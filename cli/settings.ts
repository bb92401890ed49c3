import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { UsageError } from './usage-error.ts';

// Settings objects (a --config file, the API's options) are a CLI's flags in camelCase. Their shape is
// checked here with a TypeBox schema; then they become flags, so the flag parser checks ranges and specs
// exactly as it does on the command line.

/** Each schema's description completes the error `"key" must be ...`. */
export const integer = Type.Integer({ description: 'an integer' });
export const number = Type.Number({ description: 'a number' });
export const text = Type.String({ description: 'a string' });
export const onOff = Type.Boolean({ description: 'true or false' });
export const names = Type.Union([Type.Array(Type.String()), Type.String()], { description: 'a list of names or a comma-separated string' });
export const integers = Type.Union([Type.Array(Type.Integer()), Type.Integer(), Type.String()], {
  description: 'an integer, a list of integers or a comma-separated string',
});
export const numberOrText = Type.Union([Type.Number(), Type.String()], { description: 'a number or a string' });
export const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** A value as an error shows it: short, one line. */
function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * `value` as settings of `schema` (an object schema without additional properties); otherwise a
 * UsageError of one line that starts with `source` and names the key.
 */
export function checkSettings<S extends TObject>(schema: S, value: unknown, source: string): Static<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source}: must be an object of settings like { "suite": "smoke" }, got ${shown(value)}`);
  }
  const errors = [...Value.Errors(schema, value)];
  // A misspelt key is the likeliest mistake, and it explains any other error, so it is reported first.
  const error = errors.find((e) => e.type === ValueErrorType.ObjectAdditionalProperties) ?? errors[0];
  if (!error) return value as Static<S>;
  const key = error.path.split('/')[1]!;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    throw new UsageError(`${source}: unknown key "${key}"; valid keys: ${Object.keys(schema.properties).join(', ')}`);
  }
  const expected = schema.properties[key]!.description;
  throw new UsageError(`${source}: "${key}" must be ${expected}, got ${shown((value as Record<string, unknown>)[key])}`);
}

/** `prepCpu` -> `--prep-cpu`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** `--prep-cpu` -> `prepCpu`. */
export function keyOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
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

/** An error of the flag parser about flags that came from settings, said in the settings' words. */
export function settingsError(error: UsageError, source: string): UsageError {
  return new UsageError(`${source}: ${error.message.replace(/^--[a-z-]+/, (flag) => `"${keyOf(flag)}"`)}`);
}
