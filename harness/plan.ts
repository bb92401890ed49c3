import { availableParallelism } from 'node:os';
import { suiteClients, suiteStrategies, type Suite } from '../benchmarks/suite.ts';
import { getClient } from '../clients/index.ts';
import { parseFaultSpec } from '../mock-server/faults.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { parseRateLimit } from '../mock-server/rate-limit.ts';
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
 * groups with one group: those strategies x those clients (each defaulting to all the suite names).
 */
export type SuiteOverrides = Partial<
  Omit<Suite, 'name' | 'summary' | 'groups'> & { strategies: string[]; clients: string[] }
>;

export function applyOverrides(base: Suite, overrides: SuiteOverrides): Suite {
  const { strategies, clients, ...fields } = overrides;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const groups =
    strategies || clients
      ? [{ strategies: strategies ?? suiteStrategies(base), clients: clients ?? suiteClients(base) }]
      : base.groups;
  return { ...base, ...defined, groups };
}

export function buildPlan(base: Suite, overrides: SuiteOverrides = {}): RunPlan {
  const suite = applyOverrides(base, overrides);
  const cases: CaseSpec[] = [];
  const policy = { timeoutMs: suite.timeoutMs, retries: suite.retries, backoffBaseMs: 10, backoffCapMs: 1000, seed: suite.seed };
  for (const group of suite.groups) {
    for (const strategyName of group.strategies) {
      const strategy = getStrategy(strategyName);
      // A strategy that ignores C runs once, whatever the list of concurrencies.
      const concurrencies = strategy.usesConcurrency ? suite.concurrency : suite.concurrency.slice(0, 1);
      for (const clientName of group.clients) {
        for (const requested of concurrencies) {
          const concurrency = strategy.effectiveConcurrency(suite.requests, requested);
          const threads = strategy.usesThreads ? Math.min(suite.threads || availableParallelism(), concurrency) : 1;
          const id = caseId(strategy.name, clientName, concurrency, suite.requests);
          if (cases.some((existing) => existing.id === id)) continue;
          cases.push({
            id,
            strategy,
            client: getClient(clientName),
            requests: suite.requests,
            concurrency,
            threads,
            rate: suite.rate,
            preparation: { cpuMs: suite.prepCpuMs, waitMs: suite.prepWaitMs },
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
      deadlineMs: suite.deadlineMs,
      target: {
        latency: parseLatencySpec(suite.latency),
        seed: suite.seed,
        payloadBytes: suite.payloadBytes,
        ...(suite.chunked || suite.slowBodyMs ? { delivery: { chunked: suite.chunked, slowBodyMs: suite.slowBodyMs } } : {}),
        ...(suite.faults ? { faults: parseFaultSpec(suite.faults) } : {}),
        ...(suite.rateLimit ? { rateLimitPerSecond: parseRateLimit(suite.rateLimit) } : {}),
        network: { rttMs: suite.rttMs, bandwidthBytesPerSec: suite.bandwidthBytesPerSec, tls: suite.tls },
      },
    },
    cases,
  };
}
