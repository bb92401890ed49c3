import { suiteClients, suiteStrategies } from '../benchmarks/suite.ts';
import { formatLatency } from '../mock-server/latency.ts';
import { collectEnvironment } from '../report/environment.ts';
import { SCHEMA_VERSION, type CaseReport, type Report } from '../report/schema.ts';
import type { CaseSpec } from './case-spec.ts';
import type { RunPlan } from './plan.ts';
import { runCase } from './run-case.ts';
import { startTarget } from './target-process.ts';

export interface RunProgress {
  caseStarted?(spec: CaseSpec, index: number, total: number): void;
  caseFinished?(result: CaseReport, index: number, total: number, elapsedMs: number): void;
}

/** Runs every case of a plan against one target process and returns the report. */
export async function runPlan(plan: RunPlan, progress: RunProgress = {}): Promise<Report> {
  const target = await startTarget(plan.settings.target);
  const cases: CaseReport[] = [];
  try {
    for (const [index, spec] of plan.cases.entries()) {
      progress.caseStarted?.(spec, index, plan.cases.length);
      const started = performance.now();
      const result = await runCase(spec, target, plan.settings);
      cases.push(result);
      progress.caseFinished?.(result, index, plan.cases.length, performance.now() - started);
    }
  } finally {
    await target.stop();
  }
  const { suite } = plan;
  const { target: targetOptions } = plan.settings;
  return {
    schemaVersion: SCHEMA_VERSION,
    meta: await collectEnvironment(),
    config: {
      suite: suite.name,
      requests: suite.requests,
      concurrency: suite.concurrency,
      strategies: suiteStrategies(suite),
      clients: suiteClients(suite),
      iterations: suite.iterations,
      warmup: suite.warmup,
      rounds: 1,
      seed: suite.seed,
      timeoutMs: suite.timeoutMs,
      rate: suite.rate,
      threads: suite.threads,
      prepCpuMs: suite.prepCpuMs,
      prepWaitMs: suite.prepWaitMs,
      baseline: suite.baseline,
      target: { latency: formatLatency(targetOptions.latency), payloadBytes: targetOptions.payloadBytes },
    },
    cases,
  };
}
