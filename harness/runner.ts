import { suiteClients, suiteStrategies } from '../benchmarks/suite.ts';
import { formatLatency } from '../mock-server/latency.ts';
import { uniformAt } from '../mock-server/seeded-random.ts';
import { collectEnvironment } from '../report/environment.ts';
import type { Calibration, CaseReport, Report } from '../report/schema.ts';
import { SCHEMA_VERSION } from '../report/schema-version.ts';
import { buildCaseReport } from './case-report.ts';
import { mergeMeasurements } from './merge-measurements.ts';
import type { CaseSpec } from './case-spec.ts';
import { LiveCaseCounts, type CaseLive } from './live-counts.ts';
import type { CaseMeasurement } from './measurement.ts';
import { Calibrator } from './calibration.ts';
import type { RunPlan } from './plan.ts';
import { collectGarbage } from './collect-garbage.ts';
import { pendingRefusal, refusedMeasurement } from './pending-limit.ts';
import { LATE_CONTROL_TIMEOUT_MS } from './control-channel.ts';
import { runCase } from './run-case.ts';
import { CLIENTS } from '../clients/index.ts';
import { threadsRefusal, userModulesOf } from './user-modules.ts';
import { ClientProcesses } from './client-processes.ts';
import { caseProblem } from '../report/issue.ts';
import { connectTarget, startTarget, type TargetProcess } from './target-process.ts';

export interface RunProgress {
  roundStarted?(round: number, rounds: number): void;
  /**
   * A case is about to start (its threads and clients not yet open). `live` can be polled for the
   * requests finished so far until caseFinished; it must not be called per request.
   */
  caseStarted?(spec: CaseSpec, index: number, total: number, live: CaseLive): void;
  /** A case finished one round; `result` holds that round's figures only. */
  caseFinished?(result: CaseReport, index: number, total: number, elapsedMs: number): void;
  calibrationFinished?(calibration: Calibration): void;
}

/** Why the target does not answer a control call within a second (one line), or undefined when it does. */
async function silenceOf(target: TargetProcess): Promise<string | undefined> {
  try {
    await target.stats(false, LATE_CONTROL_TIMEOUT_MS);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A seeded Fisher-Yates shuffle: the same seed and round give the same order. */
export function shuffled<T>(items: readonly T[], seed: number, round: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniformAt(seed, i, 1000 + round) * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface RunOptions {
  progress?: RunProgress;
  /** Aborting it (Ctrl-C) cuts off the case in progress; the report is then marked partial. */
  signal?: AbortSignal;
  /** A mock server already running (npm run mock-server) to use instead of starting one. */
  targetUrl?: string;
  /** Such a mock server already connected (connectTarget, which checks it answers); the run closes it. */
  target?: TargetProcess;
  /**
   * Run every case in this process, not fanout's own cases each in its client's process
   * (client-processes.ts): for a profiler attached to this process, or a debugger.
   */
  inProcess?: boolean;
}

/**
 * Runs every case of a plan against one target process, `rounds` times, in a fresh shuffled order each
 * round (so drift on a shared machine spreads over all cases), and returns the report.
 */
export async function runPlan(plan: RunPlan, { progress = {}, signal, targetUrl, target: connected, inProcess = false }: RunOptions = {}): Promise<Report> {
  const { suite } = plan;
  const { name: _name, summary: _summary, groups: _groups, calibrate: _calibrate, ...suiteSettings } = suite;
  const settings = { ...plan.settings, ...(signal ? { signal } : {}) };
  const target = connected ?? (targetUrl ? await connectTarget(targetUrl) : await startTarget(settings.target));
  const measured = new Map<string, CaseMeasurement>();
  const clientProcesses = inProcess ? undefined : new ClientProcesses(target, signal);
  // A case whose user strategy or client was registered through the API (no module to load) runs here.
  const inClientProcess = (spec: CaseSpec) => (clientProcesses ? userModulesOf(spec) : undefined);
  const measure = (spec: CaseSpec, live: LiveCaseCounts): Promise<CaseMeasurement> => {
    const modules = inClientProcess(spec);
    if (modules) return clientProcesses!.runCase(spec, modules, settings, live);
    collectGarbage();
    return runCase(spec, target, settings, live);
  };
  const calibrator = suite.calibrate
    ? await Calibrator.start(target, suiteClients(suite), {
        requests: suite.requests,
        concurrency: suite.concurrency[0]!,
        iterations: settings.iterations,
        warmup: settings.warmup,
        payloadBytes: settings.target.payloadBytes,
        latencyZero: settings.target.latency.kind === 'fixed' && settings.target.latency.ms === 0,
      })
    : undefined;
  // Set while the target does not answer its control routes (stopped, wedged, gone): asked after a case
  // that was cut off or stopped, then again before each case, which meanwhile fails at once with it
  // instead of waiting out a deadline of its own. A target that was only busy gets its next cases back.
  let silent: string | undefined;
  try {
    for (let round = 1; round <= suite.rounds && !signal?.aborted; round++) {
      progress.roundStarted?.(round, suite.rounds);
      await clientProcesses?.stop();
      const order = shuffled(plan.cases, suite.seed, round);
      for (const [index, spec] of order.entries()) {
        if (signal?.aborted) break;
        if (inClientProcess(spec)) await clientProcesses!.prepare(spec);
        const started = performance.now();
        const live = new LiveCaseCounts(spec.requests, settings.warmup, settings.iterations);
        progress.caseStarted?.(spec, index, order.length, live);
        if (silent) silent = await silenceOf(target);
        const refusal = pendingRefusal(spec, suite.maxPending) ?? threadsRefusal(spec) ?? (silent ? caseProblem('target-silent', { error: silent }, silent) : undefined);
        // A calibrated case's bare loop runs right before it in even rounds and right after it in odd ones.
        const bareFirst = round % 2 === 0;
        if (calibrator && bareFirst && !silent) await calibrator.runBeside(spec, round);
        const measurement = refusal ? refusedMeasurement(refusal) : await measure(spec, live);
        const troubled = !refusal && (measurement.abortReason !== undefined || measurement.problems.length > 0);
        const askedAt = performance.now();
        if (troubled && !signal?.aborted) silent = await silenceOf(target);
        const askedMs = performance.now() - askedAt;
        if (calibrator && !bareFirst && !signal?.aborted && !silent) await calibrator.runBeside(spec, round);
        const before = measured.get(spec.id);
        measured.set(spec.id, before ? mergeMeasurements(before, measurement) : measurement);
        // The case's time, not the question to the target after it.
        progress.caseFinished?.(buildCaseReport(spec, measurement, settings, settings.iterations), index, order.length, performance.now() - started - askedMs);
      }
    }
  } finally {
    await calibrator?.stop();
    await clientProcesses?.stop();
    await target.stop();
  }
  // An interrupted run reports the cases that ran (the one cut off as aborted), and says it is partial.
  const cases = plan.cases
    .filter((spec: CaseSpec) => measured.has(spec.id))
    .map((spec: CaseSpec) => buildCaseReport(spec, measured.get(spec.id)!, settings, settings.iterations * suite.rounds));
  const calibration = calibrator?.result(plan.cases, (spec) => measured.get(spec.id), suite.seed);
  if (calibration) progress.calibrationFinished?.(calibration);
  return {
    schemaVersion: SCHEMA_VERSION,
    meta: await collectEnvironment(),
    // The suite's settings as they are (the same names and shape), with the latency spec in its normal form.
    config: {
      ...suiteSettings,
      suite: suite.name,
      strategies: suiteStrategies(suite),
      clients: suiteClients(suite),
      target: { ...suite.target, latency: formatLatency(settings.target.latency) },
      ...customClientsOf(plan.cases),
    },
    cases,
    ...(calibration ? { calibration } : {}),
    ...(signal?.aborted ? { partial: true } : {}),
  };
}

/** The user's clients among the cases (those with their own settings), for the report. */
function customClientsOf(cases: readonly CaseSpec[]): Pick<Report['config'], 'customClients'> {
  const custom = [...new Set(cases.map((spec) => spec.client))].filter((client) => !CLIENTS.includes(client));
  if (custom.length === 0) return {};
  return { customClients: custom.map(({ name, summary, settings = {} }) => ({ name, summary, settings })) };
}
