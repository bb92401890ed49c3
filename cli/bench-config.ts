import { Type } from '@sinclair/typebox';
import type { ClientDefinition } from '../clients/http-client.ts';
import type { Strategy } from '../strategies/strategy.ts';
import { BENCH_OPTIONS, OUTPUT_KEYS, type BenchValues } from './bench-options.ts';
import type { SettingsInput } from './options/option.ts';
import { settingsSchema } from './options/table.ts';

// The settings of a --config file (and of the API's runSuite): npm run bench's options by their keys,
// the flags in camelCase, from the one table in bench-options.ts.

// Functions cannot be written in JSON: only a .ts or .js config can hold these.
const strategyObjects = Type.Array(
  Type.Object({ name: Type.String(), summary: Type.String(), run: Type.Function([], Type.Unknown()), predict: Type.Function([], Type.Unknown()) }),
  { description: 'a list of strategies made with defineStrategy (in a .ts or .js config)' },
);

const clientObjects = Type.Array(
  Type.Object({ name: Type.String(), summary: Type.String(), create: Type.Function([], Type.Unknown()) }),
  { description: 'a list of clients made with defineClient (in a .ts or .js config)' },
);

export const BenchConfigSchema = settingsSchema(BENCH_OPTIONS, { customStrategies: strategyObjects, customClients: clientObjects });

/** The settings, as a config module exports them; customStrategies typed as the strategies they are. */
export type BenchConfig = SettingsInput<Omit<BenchValues, 'config' | 'list' | 'help' | 'export' | 'assert'>> & {
  export?: NonNullable<BenchValues['export']>;
  /** --assert's rules, as written on the command line ("p99<50ms"). */
  assert?: string[];
  customStrategies?: Strategy[];
  /** Clients made with defineClient, which --clients and the suites can then name. */
  customClients?: ClientDefinition[];
};

/** Types a config module's default export, so an editor completes and checks its keys. */
export function defineConfig(config: BenchConfig): BenchConfig {
  return config;
}

/** The settings of the API's runSuite: the suite's run, without the command's output. */
export const RunSettingsSchema = Type.Omit(BenchConfigSchema, OUTPUT_KEYS);
export type RunSettings = Omit<BenchConfig, 'groupBy' | 'interleave' | 'out' | 'saveBaseline' | 'export' | 'assert' | 'html' | 'json' | 'wide' | 'quiet'>;
