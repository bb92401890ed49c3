import { availableParallelism } from 'node:os';
import type { Suite } from '../benchmarks/suite.ts';
import { getClient } from '../clients/index.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { getStrategy } from '../strategies/index.ts';
import { caseId, type CaseSpec, type MeasureSettings } from './case-spec.ts';

/** A suite with the user's overrides applied, expanded into the cases to run. */
export interface RunPlan {
  suite: Suite;
  target: TargetOptions;
  settings: MeasureSettings;
  cases: CaseSpec[];
}

/** Fields of a suite the command line can override. */
export type SuiteOverrides = Partial<
  Pick<Suite, 'strategies' | 'clients' | 'requests' | 'concurrency' | 'iterations' | 'latency' | 'payloadBytes'>
>;

export function buildPlan(base: Suite, overrides: SuiteOverrides = {}): RunPlan {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const suite: Suite = { ...base, ...defined };
  const cases: CaseSpec[] = [];
  for (const strategyName of suite.strategies) {
    const strategy = getStrategy(strategyName);
    // A strategy that ignores C runs once, whatever the list of concurrencies.
    const concurrencies = strategy.usesConcurrency ? suite.concurrency : suite.concurrency.slice(0, 1);
    for (const clientName of suite.clients) {
      for (const requested of concurrencies) {
        const concurrency = strategy.effectiveConcurrency(suite.requests, requested);
        const threads = strategy.usesThreads ? Math.min(availableParallelism(), concurrency) : 1;
        const id = caseId(strategy.name, clientName, concurrency, suite.requests);
        if (cases.some((existing) => existing.id === id)) continue;
        cases.push({ id, strategy, client: getClient(clientName), requests: suite.requests, concurrency, threads });
      }
    }
  }
  return {
    suite,
    target: { latency: parseLatencySpec(suite.latency), payloadBytes: suite.payloadBytes },
    settings: { iterations: suite.iterations, warmup: suite.warmup, timeoutMs: suite.timeoutMs },
    cases,
  };
}
