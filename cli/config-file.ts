import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerStrategy } from '../strategies/index.ts';
import { BenchConfigSchema, type BenchConfig, type RunSettingsSchema } from './bench-config.ts';
import type { ConfigSettings } from './bench-options.ts';
import { checkSettingsShape } from './options/table.ts';
import { UsageError } from './usage-error.ts';

const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts'];
const MODULE_EXTENSIONS = [...TYPESCRIPT_EXTENSIONS, '.js', '.mjs'];

/**
 * The FILE of `--config FILE` or `--config=FILE`. It is looked for before the flags are parsed, because
 * the config can add strategies that --strategies must then accept.
 */
export function configPathIn(argv: string[]): string | undefined {
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) paths.push(argv[++i]!);
    else if (argv[i]!.startsWith('--config=')) paths.push(argv[i]!.slice('--config='.length));
  }
  if (paths.length > 1) throw new UsageError(`--config is given ${paths.length} times; give one file`);
  return paths[0];
}

/** The first line of what a failing config module threw. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** One esbuild message: its text and, when it has one, where (line 1-based, column 0-based, as esbuild's). */
interface TransformMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

/**
 * Why a config module did not load, in one line. A syntax error in a TypeScript config (or in any config
 * under tsx) comes from tsx's esbuild transform as "Transform failed with N error(s):" and then one line
 * per error, "FILE:LINE:COLUMN: ERROR: TEXT"; across tsx's loader thread the error's `errors` array is
 * lost, so the lines are read when it is. Said as "FILE:LINE:COLUMN: TEXT" with the column 1-based (esbuild
 * counts from 0; editors and terminals that open FILE:LINE:COLUMN count from 1), and "(+N more)".
 */
export function loadFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = message.split('\n');
  const transform = /^Transform failed with (\d+) errors?:/.exec(first);
  if (!transform) return first;
  const more = Number(transform[1]) - 1;
  const suffix = more > 0 ? ` (+${more} more)` : '';
  const messages = (error as { errors?: TransformMessage[] }).errors;
  const location = messages?.[0]?.location;
  if (messages?.[0] && location) return `${location.file}:${location.line}:${location.column + 1}: ${messages[0].text}${suffix}`;
  for (const line of rest) {
    const located = /^(.*):(\d+):(\d+): ERROR: (.*)$/.exec(line);
    if (located) return `${located[1]}:${located[2]}:${Number(located[3]) + 1}: ${located[4]}${suffix}`;
  }
  const unlocated = rest.find((line) => line.startsWith('ERROR: '));
  return unlocated ? `${unlocated.slice('ERROR: '.length)}${suffix}` : first;
}

/** tsx's API, when it is installed (an optional peer dependency: a project that keeps a .js or .json config, or runs a Node that strips types, needs none). */
async function tsxApi(): Promise<typeof import('tsx/esm/api') | undefined> {
  try {
    return await import('tsx/esm/api');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * A config module's exports. From the sources this process runs under tsx, which imports TypeScript as it
 * is; the build in dist/ runs on plain Node, so a TypeScript config goes through tsx's API when tsx is
 * installed (its loader, and the ~50 MB its thread costs, only for such a config), else through Node's own
 * type stripping (Node 22.18 and later); on an older Node without tsx it is a one-line error.
 */
async function importConfigModule(path: string, source: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  const runsPlainJavaScript = !import.meta.url.endsWith('.ts');
  if (runsPlainJavaScript && TYPESCRIPT_EXTENSIONS.includes(extname(path))) {
    const tsx = await tsxApi();
    if (!tsx) {
      if ((process.features as { typescript?: string | false }).typescript) return import(url);
      throw new UsageError(`${source}: Node ${process.version} cannot load TypeScript by itself: install tsx (npm i -D tsx), use Node 22.18 or later, or write the config as .js, .mjs or .json`);
    }
    const exports = await tsx.tsImport(url, import.meta.url);
    // A .ts file outside an ESM package loads as CommonJS, and its exports arrive whole as `default`.
    const commonJs = exports.default as Record<string, unknown> | undefined;
    return commonJs?.__esModule ? commonJs : exports;
  }
  return import(url);
}

/** What the file holds: parsed JSON, or the default export of a module (.ts works from the build too). */
async function readConfig(path: string, source: string): Promise<unknown> {
  if (!existsSync(path)) throw new UsageError(`${source}: no such file`);
  const extension = extname(path);
  if (extension === '.json') {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`${source}: not valid JSON: ${firstLine(error)}`);
    }
  }
  if (!MODULE_EXTENSIONS.includes(extension)) {
    throw new UsageError(`${source}: a config is .json or a module (${MODULE_EXTENSIONS.join(', ')}), got "${extension || 'no extension'}"`);
  }
  let module: Record<string, unknown>;
  try {
    module = await importConfigModule(path, source);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${source}: loading it failed: ${loadFailure(error)}`);
  }
  if (module.default === undefined) throw new UsageError(`${source}: has no default export; write export default { suite: 'smoke', ... }`);
  return module.default;
}

/** Registers the config's own strategies; a clash of names is the config's error, said in one line. */
function registerCustomStrategies(config: BenchConfig, source: string): void {
  for (const strategy of config.customStrategies ?? []) {
    try {
      registerStrategy(strategy);
    } catch (error) {
      throw new UsageError(`${source}: ${firstLine(error).replace(/^registerStrategy: /, '')}`);
    }
  }
}

/**
 * Settings checked as the flags are, for parseBenchArgs (the command line's flags go over them), with their
 * own strategies registered first, so `strategies` can name them; `source` starts every error about them.
 * runSuite passes its narrower schema.
 */
export function configSettingsOf(
  value: unknown,
  source: string,
  schema: typeof BenchConfigSchema | typeof RunSettingsSchema = BenchConfigSchema,
): ConfigSettings {
  // The schema checks the shape (customStrategies' objects too); registerStrategy checks the rest.
  const { customStrategies: _registered, ...settings } = checkSettingsShape(schema, value, source);
  registerCustomStrategies(value as BenchConfig, source);
  return { source, settings };
}

/** The config a project keeps in its folder, found when no --config is given, in this order. */
export const CONFIG_FILE_NAMES = ['ts', 'mts', 'js', 'mjs', 'json'].map((extension) => `fanout.config.${extension}`);

/** The fanout.config.* of `dir`, if it has one; two of them are an error, since either could be meant. */
export function configFileIn(dir: string): string | undefined {
  const found = CONFIG_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
  if (found.length > 1) throw new UsageError(`${dir} holds ${found.join(' and ')}: keep one, or name it with --config`);
  return found[0];
}

/** The --config file of `argv`, else the fanout.config.* of the working folder, as settings; undefined when there is none. */
export async function loadConfigFile(argv: string[], dir = process.cwd()): Promise<ConfigSettings | undefined> {
  const given = configPathIn(argv);
  const found = given === undefined ? configFileIn(dir) : undefined;
  const path = given ?? (found === undefined ? undefined : join(dir, found));
  if (path === undefined) return undefined;
  const source = `config ${given ?? found}`;
  return configSettingsOf(await readConfig(path, source), source);
}
