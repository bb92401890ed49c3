import { CLIENTS } from '../clients/index.ts';
import { BUILT_IN_STRATEGIES } from '../strategies/index.ts';
import { caseProblem } from '../report/issue.ts';
import type { CaseProblem } from '../report/schema.ts';
import type { CaseSpec } from './case-spec.ts';

// Which config module registered each user strategy and client, so that a worker thread or a client
// process, which starts with only fanout's own, can load that module and find them by name. A strategy
// or client registered by a program through the API has no module here and runs in that program's process.
const origins = new Map<object, string>();

/** `item` was registered from the module at `path` (absolute). */
export function noteOrigin(item: object, path: string): void {
  origins.set(item, path);
}

export function originOf(item: object): string | undefined {
  return origins.get(item);
}

/**
 * The modules a case's user strategy and client were registered from, each once (none for fanout's own);
 * undefined if one of them has none, since only this process knows it.
 */
export function userModulesOf(spec: Pick<CaseSpec, 'strategy' | 'client'>): string[] | undefined {
  const paths = new Set<string>();
  for (const item of [spec.strategy, spec.client]) {
    if ((BUILT_IN_STRATEGIES as readonly object[]).includes(item) || (CLIENTS as readonly object[]).includes(item)) continue;
    const path = origins.get(item);
    if (path === undefined) return undefined;
    paths.add(path);
  }
  return [...paths];
}

/**
 * In a worker thread or a client process: loads the config modules a case needs and registers their
 * strategies and clients. The config loader is imported only then, so fanout's own cases do not load it.
 */
export async function registerUserModules(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const { registerConfigModule } = await import('../cli/config-file.ts');
  await Promise.all(paths.map(registerConfigModule));
}

/** Why a threaded case cannot run: its threads could not find a strategy or client registered through the API. */
export function threadsRefusal(spec: CaseSpec): CaseProblem | undefined {
  if (!spec.strategy.usesThreads || userModulesOf(spec)) return undefined;
  const message =
    `refused: worker threads load user strategies and clients from a config file, and ${spec.strategy.name} or ${spec.client.name} ` +
    'was registered through the API: register it in a config (customStrategies, customClients)';
  return caseProblem('not-in-threads', { strategy: spec.strategy.name, client: spec.client.name }, message);
}
