import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerClient } from '../clients/index.ts';
import type { ClientDefinition } from '../clients/http-client.ts';
import { noteOrigin } from '../harness/user-modules.ts';
import { registerStrategy } from '../strategies/index.ts';
import type { Strategy } from '../strategies/strategy.ts';
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
 * type stripping (Node 22.18 and later), else (Node 20, or syntax Node cannot strip, as parameter
 * properties and enums) through jiti, a dependency, which compiles it.
 */
async function importConfigModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  const runsPlainJavaScript = !import.meta.url.endsWith('.ts');
  if (!runsPlainJavaScript || !TYPESCRIPT_EXTENSIONS.includes(extname(path))) return import(url);
  const tsx = await tsxApi();
  if (tsx) {
    const exports = await tsx.tsImport(url, import.meta.url);
    // A .ts file outside an ESM package loads as CommonJS, and its exports arrive whole as `default`.
    const commonJs = exports.default as Record<string, unknown> | undefined;
    return commonJs?.__esModule ? commonJs : exports;
  }
  if ((process.features as { typescript?: string | false }).typescript) {
    try {
      return await import(url);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') throw error;
    }
  }
  const { createJiti } = await import('jiti');
  return createJiti(import.meta.url).import<Record<string, unknown>>(url);
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
    module = await importConfigModule(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${source}: loading it failed: ${loadFailure(error)}`);
  }
  if (module.default === undefined) throw new UsageError(`${source}: has no default export; write export default { suite: 'smoke', ... }`);
  return module.default;
}

/**
 * Registers the config's own strategies and clients; a clash of names is the config's error, said in one
 * line. Those of a module file remember it, for the threads and client processes that must load them.
 */
function registerCustom(config: BenchConfig, source: string, modulePath: string | undefined): void {
  const register = <T extends object>(items: readonly T[] | undefined, add: (item: T) => void, prefix: string) => {
    for (const item of items ?? []) {
      try {
        add(item);
      } catch (error) {
        throw new UsageError(`${source}: ${firstLine(error).replace(prefix, '')}`);
      }
      if (modulePath !== undefined) noteOrigin(item, modulePath);
    }
  };
  register<Strategy>(config.customStrategies, registerStrategy, 'registerStrategy: ');
  register<ClientDefinition>(config.customClients, registerClient, 'registerClient: ');
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
  modulePath?: string,
): ConfigSettings {
  // The schema checks the shape (the custom objects too); registerStrategy and registerClient check the rest.
  const { customStrategies: _strategies, customClients: _clients, ...settings } = checkSettingsShape(schema, value, source);
  registerCustom(value as BenchConfig, source, modulePath);
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
  const modulePath = extname(path) === '.json' ? undefined : resolve(path);
  return configSettingsOf(await readConfig(path, source), source, BenchConfigSchema, modulePath);
}

/**
 * In a worker thread or a client process: loads the config module at `path` again and registers its
 * strategies and clients, so cases can name them there. Each module once per thread or process.
 */
export function registerConfigModule(path: string): Promise<void> {
  let loading = loadedModules.get(path);
  if (!loading) {
    const source = `config ${path}`;
    loading = readConfig(path, source).then((value) => registerCustom(value as BenchConfig, source, path));
    loadedModules.set(path, loading);
  }
  return loading;
}

const loadedModules = new Map<string, Promise<void>>();
