import type { Suite } from '../benchmarks/suite.ts';
import { defaultSuite } from '../benchmarks/default.ts';
import { buildPlan, type SuiteOverrides } from '../harness/plan.ts';
import { buildCaseReport } from '../harness/case-report.ts';
import { runCase } from '../harness/run-case.ts';
import type { TargetProcess } from '../harness/target-process.ts';
import type { CaseReport } from '../report/schema.ts';

/** A small suite for tests: short latency, few requests, two iterations. */
export const testSuite: Suite = {
  ...defaultSuite,
  name: 'test',
  groups: [{ strategies: defaultSuite.groups[0]!.strategies, clients: ['undici'] }],
  rate: 500,
  requests: 12,
  concurrency: [3],
  iterations: 2,
  warmup: 1,
  target: { ...defaultSuite.target, latency: '10ms' },
};

/** Runs one strategy (with undici unless `overrides.clients` says otherwise) on the real target through the real runner. */
export async function runOneCase(target: TargetProcess, strategy: string, overrides: SuiteOverrides = {}): Promise<CaseReport> {
  const plan = buildPlan(testSuite, { strategies: [strategy], ...overrides });
  const [spec] = plan.cases;
  if (!spec) throw new Error(`no case for ${strategy}`);
  return buildCaseReport(spec, await runCase(spec, target, plan.settings), plan.settings, plan.settings.iterations);
}
