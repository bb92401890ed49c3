import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { ParseArgsConfig } from 'node:util';
import { parseFlags } from '../parse-values.ts';
import { UsageError } from '../usage-error.ts';
import { flagOf, keyOf, shown, type Option, type OptionGroup, type ValuesOf } from './option.ts';

// What a command makes of its option table: the flags util.parseArgs reads, their values, the settings
// object a config file or the API gives, the grouped --help, and the flags that say the same again.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptionTable = Record<string, Option<any>>;

/** util.parseArgs's options for a table. */
export function parseArgsOptions(table: OptionTable): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(table).map(([key, option]) => [flagOf(key), { type: option.isSwitch ? 'boolean' : 'string', ...(option.multiple ? { multiple: true } : {}) }]),
  ) as NonNullable<ParseArgsConfig['options']>;
}

export interface CommandLine<T extends OptionTable> {
  /** The values of the flags given (a repeatable one: its list). */
  values: Partial<ValuesOf<T>>;
  positionals: string[];
}

/** The flags of `argv` as values; every error is a UsageError of one line naming the flag. */
export function parseCommandLine<T extends OptionTable>(table: T, argv: string[], allowPositionals = false): CommandLine<T> {
  const { values: raw, positionals } = parseFlags({ args: argv, strict: true, allowPositionals, allowNegative: true, options: parseArgsOptions(table) });
  const values: Record<string, unknown> = {};
  for (const [flag, given] of Object.entries(raw as Record<string, unknown>)) {
    const key = keyOf(flag);
    const option = table[key]!;
    if (option.isSwitch) values[key] = given;
    else if (option.multiple) values[key] = (given as string[]).map((one) => option.parse(one, flag));
    else values[key] = option.parse(given as string, flag);
  }
  return { values: values as Partial<ValuesOf<T>>, positionals };
}

/** The config schema of a table (its settings-object options) plus `extra` keys of a command's own. */
export function settingsSchema(table: OptionTable, extra: Record<string, TSchema> = {}): TObject {
  const properties = Object.fromEntries(
    Object.entries(table)
      .filter(([, option]) => !option.commandLineOnly)
      .map(([key, option]) => [key, Type.Optional(option.multiple ? Type.Array(option.schema, { description: `a list of ${option.schema.description}` }) : option.schema)]),
  );
  return Type.Object({ ...properties, ...Object.fromEntries(Object.entries(extra).map(([key, schema]) => [key, Type.Optional(schema)])) }, { additionalProperties: false });
}

/**
 * Checks the shape of a settings object (a config file, the API's options) against `schema`; every error
 * is one line that starts with `source` and names the key.
 */
export function checkSettingsShape(schema: TObject, value: unknown, source: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source}: must be an object of settings like { "suite": "smoke" }, got ${shown(value)}`);
  }
  const errors = [...Value.Errors(schema, value)];
  // A misspelt key is the likeliest mistake, and it explains any other error, so it is reported first.
  const error = errors.find((e) => e.type === ValueErrorType.ObjectAdditionalProperties) ?? errors[0];
  if (error) {
    const key = error.path.split('/')[1]!;
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      throw new UsageError(`${source}: unknown key "${key}"; valid keys: ${Object.keys(schema.properties).join(', ')}`);
    }
    throw new UsageError(`${source}: "${key}" must be ${schema.properties[key]!.description}, got ${shown((value as Record<string, unknown>)[key])}`);
  }
  return value as Record<string, unknown>;
}

/** The values of a settings object whose shape is checked, each checked by its option as its flag would be. */
export function checkSettingsValues<T extends OptionTable>(table: T, settings: Record<string, unknown>, source: string): Partial<ValuesOf<T>> {
  const values: Record<string, unknown> = {};
  for (const [key, given] of Object.entries(settings)) {
    const option = table[key];
    if (given === undefined || !option) continue;
    try {
      values[key] = option.multiple ? (given as unknown[]).map((one) => option.check(one, flagOf(key))) : option.check(given, flagOf(key));
    } catch (failure) {
      throw failure instanceof UsageError ? inSettingsWords(failure, source) : failure;
    }
  }
  return values as Partial<ValuesOf<T>>;
}

/** A settings object as values: its shape checked against `schema`, then each value by its option. */
export function checkSettingsObject<T extends OptionTable>(table: T, schema: TObject, value: unknown, source: string): Partial<ValuesOf<T>> {
  return checkSettingsValues(table, checkSettingsShape(schema, value, source), source);
}

/** An option's error about a setting, said in the settings' words: `"prepCpu"` for `--prep-cpu`. */
export function inSettingsWords(error: UsageError, source: string): UsageError {
  return new UsageError(`${source}: ${error.message.replace(/--[a-z-]+/, (flag) => `"${keyOf(flag)}"`)}`);
}

/** Each option's default where it has one. */
export function defaultsOf<T extends OptionTable>(table: T): Partial<ValuesOf<T>> {
  return Object.fromEntries(Object.entries(table).flatMap(([key, option]) => (option.default === undefined ? [] : [[key, option.default]]))) as Partial<ValuesOf<T>>;
}

/**
 * Values as the flags that say them again, for a process of another checkout: `--x value` (or, `joined`
 * or for a value that starts with "-", `--x=value`), and `--x` / `--no-x` for a switch.
 */
export function flagsOf(table: OptionTable, values: Record<string, unknown>, { joined = false } = {}): string[] {
  const args: string[] = [];
  const push = (flag: string, text: string) => (joined || text.startsWith('-') ? args.push(`${flag}=${text}`) : args.push(flag, text));
  for (const [key, value] of Object.entries(values)) {
    const option = table[key];
    if (value === undefined || !option) continue;
    const flag = `--${flagOf(key)}`;
    if (option.isSwitch) args.push(value ? flag : `--no-${flagOf(key)}`);
    else if (option.multiple) for (const one of value as unknown[]) push(flag, option.format(one));
    else push(flag, option.format(value));
  }
  return args;
}

const HELP_WIDTH = 100;
const FLAG_COLUMN = 24;

/** Words wrapped to `width` columns, each line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** How --help shows an option's default: its text, its value, or off for a switch. */
export function defaultShown(option: Option<unknown>): string | undefined {
  if (option.defaultText !== undefined) return option.defaultText;
  if (option.default !== undefined) return option.isSwitch ? (option.default ? 'on' : 'off') : option.format(option.default);
  // An action (--help, --list) has no default: it is not a setting.
  return option.isSwitch && !option.commandLineOnly ? 'off' : undefined;
}

/** The options of a table under each group's title, in the table's order, each with its range and default. */
export function renderOptions(table: OptionTable, groups: readonly OptionGroup[]): string {
  const sections: string[] = [];
  for (const group of groups) {
    const rows: string[] = [];
    for (const [key, option] of Object.entries(table)) {
      if (option.group !== group.id) continue;
      const head = `  --${flagOf(key)}${option.placeholder && !option.isSwitch ? ` ${option.placeholder}` : ''}`;
      const fallback = defaultShown(option);
      const text = `${option.help}${option.range ? `; ${option.range}` : ''}${fallback === undefined ? '' : ` (default: ${fallback})`}`;
      const body = wrap(text, HELP_WIDTH, FLAG_COLUMN);
      const indent = ' '.repeat(FLAG_COLUMN);
      if (head.length < FLAG_COLUMN - 1) rows.push(head.padEnd(FLAG_COLUMN) + body[0], ...body.slice(1).map((line) => indent + line));
      else rows.push(head, ...body.map((line) => indent + line));
    }
    if (rows.length > 0) sections.push(`${group.title}:\n${rows.join('\n')}`);
  }
  return sections.join('\n\n');
}
