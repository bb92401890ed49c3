import { Type, type TSchema } from '@sinclair/typebox';
import { parseDecimal, parseInteger, parseNameList } from '../parse-values.ts';
import { UsageError } from '../usage-error.ts';

// One declaration per setting: what a command's flag, its config key (the flag in camelCase), the API
// option and the help line are all made from. A table is an object of these, keyed by that camelCase key.

/** How --help groups the options; each command lists the groups it uses, in order. */
export interface OptionGroup {
  id: string;
  title: string;
}

export interface Option<T> {
  group: string;
  /** What --help says after the flag and its placeholder; the range and unit are added to it. */
  help: string;
  /** The word after the flag in --help (N, MS, SPEC); none for a switch. */
  placeholder?: string;
  /** The value when the flag is not given, if the command has one of its own. */
  default?: T;
  /** How --help shows the default when the plain value does not say it ("the suite's, 10000"). */
  defaultText?: string;
  /** Given several times, its values add up (a list). */
  multiple?: boolean;
  /** Only on the command line: a settings object (a --config file, the API) may not hold it. */
  commandLineOnly?: boolean;
  isSwitch: boolean;
  /** The range and unit as --help writes them after the help text ("0 to 600000 ms"). */
  range?: string;
  /** A flag's text as the value; the error names `--${flag}`. */
  parse(raw: string, flag: string): T;
  /** A settings object's value (a number, a list, a switch, or the flag's text) as the value. */
  check(value: unknown, flag: string): T;
  /** The value as the flag's text, which parse reads back (and an older fanout reads too). */
  format(value: T): string;
  /** The shape a settings object may give, with a description that completes `"key" must be ...`. */
  schema: TSchema;
}

type Common<T> = Pick<Option<T>, 'group' | 'help' | 'placeholder' | 'default' | 'defaultText' | 'commandLineOnly'>;

/** An option given several times, whose values add up to a list. */
export interface MultipleOption<T> extends Option<T> {
  multiple: true;
}

/** The settings a table's options give, by key. */
export type ValuesOf<Table> = { [K in keyof Table]: Table[K] extends MultipleOption<infer V> ? V[] : Table[K] extends Option<infer V> ? V : never };

/** A setting as a settings object may write it: its value, or the flag's text (a duration with its unit, "30s"). */
export type Written<T> = T extends readonly (infer Item)[] ? T | Item | string : T extends string ? T | number : T | string;

/** Settings as a config file or the API's options give them: each optional, in any form the flag takes. */
export type SettingsInput<Values> = { [K in keyof Values]?: Written<NonNullable<Values[K]>> };

/** `prepCpu` -> `prep-cpu`. */
export function flagOf(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `prep-cpu` -> `prepCpu`. */
export function keyOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A settings value as an error shows it: short, one line. */
export function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** A settings value that is not a string: the flag's text of it, for parse. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

interface Bounds {
  min: number;
  max: number;
  /** Shown after the range in --help and errors ("ms", "bytes"). */
  unit?: string;
}

const withUnit = (text: string, unit?: string) => (unit ? `${text} ${unit}` : text);

/** A number within [min, max], read by `read` (whole or decimal), with `schema` for a settings object. */
function bounded(read: typeof parseInteger, schema: TSchema, { min, max, unit, ...common }: Common<number> & Bounds): Option<number> {
  const parse = (raw: string, flag: string) => read(flag, raw, min, max);
  return {
    ...common,
    placeholder: common.placeholder ?? 'N',
    isSwitch: false,
    range: withUnit(`${min} to ${max}`, unit),
    parse,
    check: (value, flag) => parse(asText(value), flag),
    format: String,
    schema,
  };
}

/** A whole number within [min, max]. */
export const integer = (spec: Common<number> & Bounds) => bounded(parseInteger, Type.Integer({ description: 'an integer' }), spec);

/** A decimal number within [min, max]. */
export const decimal = (spec: Common<number> & Bounds) => bounded(parseDecimal, Type.Number({ description: 'a number' }), spec);

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * A duration, held in milliseconds. It is written with a unit (250ms, 30s, 2m) or as a bare number in
 * `bareUnit`, which is what the flag took before it took units (--deadline seconds, the others ms).
 */
export function duration({ min, max, bareUnit, whole = false, ...common }: Common<number> & { min: number; max: number; bareUnit: 'ms' | 's'; whole?: boolean }): Option<number> {
  const scale = DURATION_UNITS_MS[bareUnit]!;
  const bare = (ms: number) => ms / scale;
  const parse = (raw: string, flag: string) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
    const ms = match ? Number(match[1]) * (match[2] ? DURATION_UNITS_MS[match[2]]! : scale) : Number.NaN;
    // Whole: a bare number is written without a fraction (as before units), one with a unit comes to one.
    const bareNumber = match !== null && match[2] === undefined;
    const wholeOk = !whole || (bareNumber ? /^\d+$/.test(match[1]!) : Number.isInteger(bare(ms)));
    if (!(ms >= min && ms <= max) || !wholeOk) {
      // The words of the flag before it took units; --help tells of the units.
      throw new UsageError(`--${flag} must be ${whole ? 'a whole number' : 'a number'} from ${bare(min)} to ${bare(max)}, got "${raw}"`);
    }
    return ms;
  };
  return {
    ...common,
    placeholder: common.placeholder ?? (bareUnit === 's' ? 'S' : 'MS'),
    isSwitch: false,
    range: `${bare(min)} to ${bare(max)} ${bareUnit}; or with a unit: ms, s, m`,
    parse,
    check: (value, flag) => parse(asText(value), flag),
    format: (ms) => String(bare(ms)),
    schema: Type.Union([Type.Number(), Type.String()], { description: `a number of ${bareUnit === 's' ? 'seconds' : 'milliseconds'} or a duration like "30s"` }),
  };
}

/** On or off: --x, --no-x, or true/false in settings. */
export function onOff(common: Common<boolean>): Option<boolean> {
  const check = (value: unknown, flag: string) => {
    if (typeof value !== 'boolean') throw new UsageError(`--${flag} must be true or false, got ${shown(value)}`);
    return value;
  };
  return {
    ...common,
    isSwitch: true,
    parse: (raw, flag) => check(raw === 'true' ? true : raw === 'false' ? false : raw, flag),
    check,
    format: String,
    schema: Type.Boolean({ description: 'true or false' }),
  };
}

/** Text, checked (and maybe turned into a value) by `read`, whose errors already say what is valid. */
export function text<T = string>(common: Common<T> & { read?: (raw: string, flag: string) => T; format?: (value: T) => string }): Option<T> {
  const { read = (raw: string) => raw as T, format = String, ...rest } = common;
  const parse = (raw: string, flag: string) => {
    try {
      return read(raw, flag);
    } catch (error) {
      throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
  };
  return {
    ...rest,
    placeholder: rest.placeholder ?? 'TEXT',
    isSwitch: false,
    parse,
    check: (value, flag) => {
      if (typeof value !== 'string') throw new UsageError(`--${flag} must be a string, got ${shown(value)}`);
      return parse(value, flag);
    },
    format,
    schema: Type.String({ description: 'a string' }),
  };
}

/** Text or a number (a latency spec may be a bare number of ms). */
export function spec<T = string>(common: Common<T> & { read: (raw: string, flag: string) => T; format?: (value: T) => string }): Option<T> {
  const option = text(common);
  return {
    ...option,
    check: (value, flag) => option.parse(asText(value), flag),
    schema: Type.Union([Type.Number(), Type.String()], { description: 'a number or a string' }),
  };
}

/** One of a fixed set of words. */
export function choice<T extends string>(values: readonly T[], common: Common<T>): Option<T> {
  return text<T>({
    ...common,
    placeholder: common.placeholder ?? 'WORD',
    read: (raw, flag) => {
      if (!(values as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${values.join(', ')}, got "${raw}"`);
      return raw as T;
    },
  });
}

/**
 * A comma-separated list of names, each one of `valid()` (asked when a value is read, so names a config
 * registers count); an empty list or an empty name in it is refused.
 */
export function names(valid: () => readonly string[], common: Common<string[]>): Option<string[]> {
  const parse = (raw: string, flag: string) => parseNameList(flag, raw, valid());
  return {
    ...common,
    placeholder: common.placeholder ?? 'a,b',
    isSwitch: false,
    parse,
    check: (value, flag) => {
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return parse(value.join(','), flag);
      if (typeof value === 'string') return parse(value, flag);
      throw new UsageError(`--${flag} must be a list of names or a comma-separated string, got ${shown(value)}`);
    },
    format: (list) => list.join(','),
    schema: Type.Union([Type.Array(Type.String()), Type.String()], { description: 'a list of names or a comma-separated string' }),
  };
}

/** A comma-separated list of whole numbers, each within [min, max]. */
export function integers({ default: fallback, ...bounds }: Bounds & Common<number[]>): Option<number[]> {
  const one = integer(bounds);
  const parse = (raw: string, flag: string) => {
    const parts = raw.split(',').map((part) => part.trim());
    if (parts.some((part) => part === '')) throw new UsageError(`--${flag} takes a comma-separated list of whole numbers, got "${raw}"`);
    return parts.map((part) => one.parse(part, flag));
  };
  return {
    ...one,
    placeholder: bounds.placeholder ?? 'N[,N2]',
    default: fallback,
    parse,
    check: (value, flag) => parse(Array.isArray(value) ? value.join(',') : asText(value), flag),
    format: (list) => list.join(','),
    schema: Type.Union([Type.Array(Type.Integer()), Type.Integer(), Type.String()], { description: 'an integer, a list of integers or a comma-separated string' }),
  };
}
