import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLocalHost } from '../mock-server/loopback.ts';
import { UsageError } from './usage-error.ts';

/** An integer flag value within [min, max]; the error names the flag and the valid range. */
export function parseInteger(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A decimal flag value within [min, max]. */
export function parseDecimal(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`--${flag} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A comma-separated list of names, each one of `valid`; an empty list or an empty name in it is refused. */
export function parseNameList(flag: string, raw: string, valid: readonly string[]): string[] {
  const names = raw.split(',').map((name) => name.trim());
  if (raw.trim() === '') throw new UsageError(`--${flag} is empty; give comma-separated names, valid: ${valid.join(', ')}`);
  if (names.includes('')) throw new UsageError(`--${flag} has an empty name in "${raw}"; give comma-separated names, valid: ${valid.join(', ')}`);
  const unknown = names.filter((name) => !valid.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown ${flag} "${unknown.join(',')}"; valid: ${valid.join(', ')}`);
  return [...new Set(names)];
}

/** What util.parseArgs reports of each argument with `tokens: true` (its own type is not exported). */
interface FlagToken {
  kind: string;
  index: number;
  name?: string;
  rawName?: string;
  value?: string;
  inlineValue?: boolean;
}

/** A flag's value as a message shows it: bare when it is one plain word, else quoted JSON-style. */
function shownValue(value: string): string {
  return /^[^\s"'(),]+$/.test(value) ? value : JSON.stringify(value);
}

/** A list in words: "a", "a and b", "a, b and c". */
function inWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Refuses a flag given more than once (--x and --no-x count as twice), unless its option is `multiple`.
 * A CLI whose flags come from settings too (bench's --config) leaves out the settings that the command
 * line overrides before it calls parseFlags, so an override is never a repeat (see cli/bench-options.ts).
 */
function refuseRepeats(options: NonNullable<ParseArgsConfig['options']>, tokens: FlagToken[]): void {
  const given = new Map<string, FlagToken[]>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || options[token.name]?.multiple) continue;
    given.set(token.name, [...(given.get(token.name) ?? []), token]);
  }
  for (const [name, repeats] of given) {
    if (repeats.length < 2) continue;
    const times = repeats.length === 2 ? 'twice' : `${repeats.length} times`;
    const shown = repeats.map((token) => (token.value === undefined ? token.rawName! : shownValue(token.value)));
    throw new UsageError(`--${name} is given ${times} (${inWords(shown)}); give it once`);
  }
}

/** The value after the first `flag` among `args` that starts with "-", which util.parseArgs calls ambiguous. */
function dashedValueAfter(args: readonly string[] | undefined, flag: string): string | undefined {
  if (!args) return undefined;
  const at = args.findIndex((arg, i) => arg === flag && args[i + 1]?.startsWith('-'));
  return at === -1 ? undefined : args[at + 1];
}

/**
 * util.parseArgs, with its multi-line errors turned into one UsageError line, and two rules of every CLI:
 * a flag's value given as the next argument never starts with "--" (`--out --json` is a forgotten value;
 * `--out=--json` says it is meant), and a flag is given once unless its option is `multiple`.
 */
export function parseFlags<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: { tokens?: unknown[] };
  try {
    parsed = parseArgs({ ...config, tokens: true });
  } catch (error) {
    const message = (error as Error).message;
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
    // util.parseArgs's other errors are one line, which may quote an argument (UsageError escapes its newlines).
    if (!ambiguous) throw new UsageError(`${message} (see --help)`);
    const flag = ambiguous[1]!;
    const value = dashedValueAfter(config.args, flag);
    const got = value?.startsWith('--') ? `, got the flag "${value}"` : '';
    throw new UsageError(`${flag} needs a value${got}; for a value that starts with "-" write ${flag}=VALUE (see --help)`);
  }
  const tokens = (parsed.tokens ?? []) as FlagToken[];
  // util.parseArgs refuses these itself in strict mode; this keeps the rule for a CLI that is not strict.
  const dashed = tokens.find((token) => token.kind === 'option' && token.inlineValue === false && token.value?.startsWith('--'));
  if (dashed) {
    throw new UsageError(`${dashed.rawName} needs a value, got the flag "${dashed.value}"; for a value that starts with "-" write ${dashed.rawName}=VALUE (see --help)`);
  }
  refuseRepeats(config.options ?? {}, tokens);
  if (!config.tokens) delete parsed.tokens;
  return parsed as ReturnType<typeof parseArgs<T>>;
}

/**
 * A --target URL: http(s) only, and on this machine unless the user says --allow-remote, because a
 * benchmark against someone else's service is a load test on them.
 */
export function parseTargetUrl(raw: string, allowRemote: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--target must be a URL like http://127.0.0.1:3000, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--target must be an http:// or https:// URL, got "${raw}"`);
  }
  if (!isLocalHost(url.hostname) && !allowRemote) {
    throw new UsageError(`--target ${url.host} is not on this machine; a benchmark against another host is a load test on it: add --allow-remote if that is what you mean`);
  }
  return url.origin;
}

/**
 * A --control-token (mock-server's, or bench's copy of it): 16 to 256 visible ASCII characters, as a header
 * value carries them. The error never quotes it: it is a secret.
 */
export function parseControlToken(raw: string): string {
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) {
    const what = raw.length < 16 || raw.length > 256 ? `${raw.length} characters` : 'a space or a character outside visible ASCII';
    throw new UsageError(`--control-token must be 16 to 256 visible ASCII characters (no spaces; the mock's own is 32 hex digits), got ${what}`);
  }
  return raw;
}
