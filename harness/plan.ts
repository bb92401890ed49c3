import { availableParallelism } from 'node:os';
import { suiteClients, suiteStrategies, type CaseGroup, type Suite } from '../benchmarks/suite.ts';
import { getClient } from '../clients/index.ts';
import { targetOptionsOf } from '../cli/options/target.ts';
import { getStrategy } from '../strategies/index.ts';
import { caseId, type CaseSpec, type MeasureSettings } from './case-spec.ts';

/** A suite with the user's overrides applied, expanded into the cases to run. */
export interface RunPlan {
  suite: Suite;
  settings: MeasureSettings;
  cases: CaseSpec[];
}

/**
 * Fields of a suite the command line can override. `strategies` and `clients` replace the suite's
 * groups with those strategies x those clients (each defaulting to all the suite names); a strategy
 * keeps the request scaling of the first suite group that names it (none if no group does).
 * An explicit `requests` overrides every group's scaling: each case then sends exactly that many.
 */
export type SuiteOverrides = Partial<Omit<Suite, 'name' | 'summary' | 'groups' | 'target'> & { strategies: string[]; clients: string[] }> & {
  target?: Partial<Suite['target']>;
};

type RequestScaling = Pick<CaseGroup, 'requestsPerConcurrency' | 'minRequests'>;

function scalingOf(group: CaseGroup | undefined): RequestScaling {
  if (group?.requestsPerConcurrency === undefined) return {};
  return { requestsPerConcurrency: group.requestsPerConcurrency, ...(group.minRequests === undefined ? {} : { minRequests: group.minRequests }) };
}

const sameScaling = (a: RequestScaling, b: RequestScaling) => a.requestsPerConcurrency === b.requestsPerConcurrency && a.minRequests === b.minRequests;

/** `strategies` x `clients` as groups, each strategy with the scaling the base suite gives it; adjacent strategies that scale alike share a group. */
function regroup(base: Suite, strategies: string[], clients: string[]): CaseGroup[] {
  const groups: CaseGroup[] = [];
  for (const strategy of strategies) {
    const scaling = scalingOf(base.groups.find((group) => group.strategies.includes(strategy)));
    const last = groups.at(-1);
    if (last && sameScaling(scalingOf(last), scaling)) last.strategies.push(strategy);
    else groups.push({ strategies: [strategy], clients, ...scaling });
  }
  return groups;
}

function applyOverrides(base: Suite, overrides: SuiteOverrides): Suite {
  const { strategies, clients, target = {}, ...fields } = overrides;
  const given = (object: object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
  const defined = given(fields);
  const chosen =
    strategies || clients ? regroup(base, strategies ?? suiteStrategies(base), clients ?? suiteClients(base)) : base.groups;
  // The honest reading of an explicit --requests N: every case sends N, whatever its group's scaling.
  const groups = defined.requests === undefined ? chosen : chosen.map(({ strategies: s, clients: c }) => ({ strategies: s, clients: c }));
  return { ...base, ...defined, groups, target: { ...base.target, ...given(target) } };
}

/** Requests per iteration of a case of `group` asking for `concurrency`: scaled with C, or the suite's. */
export function caseRequests(group: CaseGroup, suiteRequests: number, concurrency: number): number {
  if (group.requestsPerConcurrency === undefined) return suiteRequests;
  return Math.max(group.minRequests ?? 1, Math.ceil(group.requestsPerConcurrency * concurrency));
}

export function buildPlan(base: Suite, overrides: SuiteOverrides = {}): RunPlan {
  const suite = applyOverrides(base, overrides);
  const cases: CaseSpec[] = [];
  const policy = { timeoutMs: suite.timeout, retries: suite.retries, backoffBaseMs: 10, backoffCapMs: 1000, seed: suite.seed };
  for (const group of suite.groups) {
    for (const strategyName of group.strategies) {
      const strategy = getStrategy(strategyName);
      // A strategy that ignores C runs once, whatever the list of concurrencies, unless its group scales
      // the requests with C: then each concurrency is a different N (promise-all at N = C).
      const scaled = group.requestsPerConcurrency !== undefined;
      const concurrencies = strategy.usesConcurrency || scaled ? suite.concurrency : suite.concurrency.slice(0, 1);
      for (const clientName of group.clients) {
        for (const requested of concurrencies) {
          const requests = caseRequests(group, suite.requests, requested);
          const concurrency = strategy.effectiveConcurrency(requests, requested);
          const threads = strategy.usesThreads ? Math.min(suite.threads || availableParallelism(), concurrency) : 1;
          const id = caseId(strategy.name, clientName, concurrency, requests);
          if (cases.some((existing) => existing.id === id)) continue;
          cases.push({
            id,
            strategy,
            client: getClient(clientName),
            requests,
            concurrency,
            threads,
            rate: suite.rate,
            preparation: { cpuMs: suite.prepCpu, waitMs: suite.prepWait },
            policy,
          });
        }
      }
    }
  }
  return {
    suite,
    settings: {
      iterations: suite.iterations,
      warmup: suite.warmup,
      deadlineMs: suite.deadline,
      target: targetOptionsOf(suite.target, suite.seed),
    },
    cases,
  };
}
