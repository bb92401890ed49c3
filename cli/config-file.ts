import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerStrategy } from '../strategies/index.ts';
import { BenchConfigSchema, configToArgs, type BenchConfig, type ConfigArgs, type RunSettingsSchema } from './bench-config.ts';
import { checkSettings } from './settings.ts';
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

/**
 * A config module's exports. From the sources this process runs under tsx, which imports TypeScript as it
 * is; the build in dist/ runs on plain Node, which on Node 20 cannot, so a TypeScript config goes through
 * tsx's API there (its loader, and the ~50 MB its thread costs, only for such a config).
 */
async function importConfigModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  const runsPlainJavaScript = !import.meta.url.endsWith('.ts');
  if (runsPlainJavaScript && TYPESCRIPT_EXTENSIONS.includes(extname(path))) {
    const { tsImport } = await import('tsx/esm/api');
    const exports = await tsImport(url, import.meta.url);
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
    module = await importConfigModule(path);
  } catch (error) {
    throw new UsageError(`${source}: loading it failed: ${firstLine(error)}`);
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
 * Settings as flags for parseBenchArgs (which puts them before the command line's), with their own
 * strategies registered; `source` starts every error about them. runSuite passes its narrower schema.
 */
export function configArgsOf(
  value: unknown,
  source: string,
  schema: typeof BenchConfigSchema | typeof RunSettingsSchema = BenchConfigSchema,
): ConfigArgs {
  // The schema checked the shape of customStrategies' objects; registerStrategy checks the rest.
  const config = checkSettings(schema, value, source) as BenchConfig;
  registerCustomStrategies(config, source);
  return { source, args: configToArgs(config) };
}

/** The --config file of `argv` as flags, or undefined when there is none. */
export async function loadConfigFile(argv: string[]): Promise<ConfigArgs | undefined> {
  const path = configPathIn(argv);
  if (path === undefined) return undefined;
  const source = `config ${path}`;
  return configArgsOf(await readConfig(path, source), source);
}
