// fanout's programmatic API: `import { runSuite, defineStrategy, startMockServer } from 'fanout'` from
// code inside this repository (Node resolves the package's own name through "exports"). Re-exports and
// two small wrappers; the plumbing lives in cli/, harness/ and report/.
import type { Suite } from './benchmarks/suite.ts';
import { RunSettingsSchema, type RunSettings } from './cli/bench-config.ts';
import { benchOptionsOf } from './cli/bench-options.ts';
import { configSettingsOf } from './cli/config-file.ts';
import { checkMockServerSettings, type MockServerSettings } from './cli/mock-server-options.ts';
import { buildPlan } from './harness/plan.ts';
import { runPlan, type RunProgress } from './harness/runner.ts';
import { connectTarget, startTarget, type TargetProcess } from './harness/target-process.ts';
import type { Report } from './report/schema.ts';

export { defineStrategy, type Strategy, type StrategyContext, type StrategyDefinition, type PredictionInput } from './strategies/strategy.ts';
export { registerStrategy, allStrategies } from './strategies/index.ts';
export { defineClient, type ClientOptions, type UserClient, type UserClientDefinition } from './clients/define-client.ts';
export { registerClient, allClients } from './clients/index.ts';
export { verifyResponse, HttpStatusError, EchoMismatchError, type ClientSettings } from './clients/http-client.ts';
export { REQUEST_ID_HEADER } from './mock-server/protocol.ts';
export { serialMakespan, slowestOf, batchesMakespan, windowMakespan } from './strategies/ideal.ts';
export { defineConfig, type BenchConfig, type RunSettings } from './cli/bench-config.ts';
export type { MockServerSettings } from './cli/mock-server-options.ts';
export { UsageError } from './cli/usage-error.ts';
export { SUITES, findSuite } from './benchmarks/index.ts';
export type { Suite, CaseGroup } from './benchmarks/suite.ts';
export type { RunProgress } from './harness/runner.ts';
export { reportProblems, type Report, type CaseReport, type CaseProblem, type CaseWarning } from './report/schema.ts';
export { renderTable } from './report/table.ts';
export { compareReports, type Comparison, type CompareOptions } from './report/compare.ts';
export { renderComparison } from './report/compare-table.ts';
export { writeReport } from './report/writer.ts';

export interface RunSuiteOptions extends Omit<RunSettings, 'suite'> {
  /** A suite by name (default: "default"), or a Suite object of your own. */
  suite?: string | Suite;
  /** Called as rounds start and cases finish. */
  progress?: RunProgress;
  /** Aborting it cuts off the case in progress; the report is then marked partial. */
  signal?: AbortSignal;
}

/**
 * Runs a suite and resolves to its report, as `npm run bench` does without printing or writing it. The
 * settings are the config file's (the flags in camelCase) and are checked the same way: bad ones reject
 * with a UsageError of one line. customStrategies are registered first, so `strategies` can name them.
 */
export async function runSuite(options: RunSuiteOptions = {}): Promise<Report> {
  const { suite, progress, signal, ...settings } = options;
  const named = typeof suite === 'object' ? {} : { suite };
  // Checked as a config file is, straight from the object: no command line is made or parsed.
  const parsed = benchOptionsOf(configSettingsOf({ ...named, ...settings }, 'runSuite', RunSettingsSchema));
  const plan = buildPlan(typeof suite === 'object' ? suite : parsed.suite, parsed.overrides);
  const target = parsed.target ? await connectTarget(parsed.target, parsed.controlToken) : undefined;
  return runPlan(plan, { ...(progress ? { progress } : {}), ...(signal ? { signal } : {}), ...(target ? { target } : {}) });
}

/** A mock server in its own process: `url` takes the load, stop() ends the process. */
export type MockServer = TargetProcess;

/**
 * Starts the mock server in a child process, exactly as a run does, so it never shares this event loop;
 * resolves once it listens. Settings are checked as npm run mock-server checks its flags.
 */
export async function startMockServer(settings: MockServerSettings = {}): Promise<MockServer> {
  const parsed = checkMockServerSettings(settings, 'startMockServer');
  const { host, port, help: _help, allowRemote, controlToken, ...target } = parsed;
  return startTarget(target, host, port, allowRemote, controlToken);
}
