import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseLatencySpec, type LatencyModel } from '../mock-server/latency.ts';
import { isLoopback } from '../mock-server/loopback.ts';
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

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, raw: string, valid: readonly T[]): T {
  if (!(valid as readonly string[]).includes(raw)) {
    throw new UsageError(`--${flag} must be one of ${valid.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A comma-separated list of integers, each within [min, max]. */
export function parseIntegerList(flag: string, raw: string, min: number, max: number): number[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw new UsageError(`--${flag} takes a comma-separated list of whole numbers, got "${raw}"`);
  }
  return parts.map((part) => parseInteger(flag, part, min, max));
}

/** A comma-separated list of names, each one of `valid`. */
export function parseNameList(flag: string, raw: string, valid: readonly string[]): string[] {
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !valid.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const shown = unknown.length > 0 ? `unknown ${flag} "${unknown.join(',')}"` : `--${flag} is empty`;
    throw new UsageError(`${shown}; valid: ${valid.join(', ')}`);
  }
  return [...new Set(names)];
}

/** util.parseArgs, with its multi-line errors turned into one UsageError line. */
export function parseFlags<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const message = (error as Error).message;
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
    const line = ambiguous
      ? `${ambiguous[1]} needs a value; for a value that starts with "-" write ${ambiguous[1]}=VALUE`
      : message.split('\n')[0];
    throw new UsageError(`${line} (see --help)`);
  }
}

/** A value parsed by one of the target's spec parsers, whose errors already say what is valid. */
export function parseSpec<T>(parse: (raw: string) => T, raw: string): T {
  try {
    return parse(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A latency spec (DESIGN.md grammar); the error says what is valid. */
export function parseLatencyFlag(raw: string): LatencyModel {
  return parseSpec(parseLatencySpec, raw);
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
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || isLoopback(host);
  if (!loopback && !allowRemote) {
    throw new UsageError(`--target ${url.host} is not on this machine; a benchmark against another host is a load test on it: add --allow-remote if that is what you mean`);
  }
  return url.origin;
}

export const MAX_RTT_MS = 10_000;
export const MAX_BANDWIDTH_BYTES_PER_SEC = 10_000_000_000;

/** --rtt: the emulated round-trip time in milliseconds. */
export function parseRttFlag(raw: string): number {
  return parseDecimal('rtt', raw, 0, MAX_RTT_MS);
}

/** --bandwidth: bytes per second per connection and direction, 0 for no cap. */
export function parseBandwidthFlag(raw: string): number {
  return parseInteger('bandwidth', raw, 0, MAX_BANDWIDTH_BYTES_PER_SEC);
}
