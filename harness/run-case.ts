import { Bench, hrtimeNow } from 'tinybench';
import { armCutOff } from './case-cut-off.ts';
import { afterIteration, beforeIteration, timedIteration } from './case-iteration.ts';
import { setUpCase, type CaseRun } from './case-run.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import type { LiveCaseCounts } from './live-counts.ts';
import type { CaseMeasurement } from './measurement.ts';
import { caseProblem } from '../report/issue.ts';
import type { CaseProblem } from '../report/schema.ts';
import type { TargetProcess } from './target-process.ts';

export { idealOfIteration } from './case-iteration.ts';

/**
 * Measures one case with tinybench: one iteration = the strategy sending all N requests through a fresh
 * client. Building and closing the client, and resetting and reading the target, happen in tinybench's
 * beforeEach/afterEach, outside the timed part; connection setup stays inside it, as in a real program.
 * After each iteration the strategy's schedule is replayed over the latencies the target applied.
 * `live`, when given, is pointed at each iteration's recorder (and the threads), so a progress display
 * can poll the requests finished so far.
 *
 * Phases: set up (setUpCase, armCutOff), iterate (benchOf, iterate: each iteration's hooks and timed part
 * are in case-iteration.ts, which also collects), tear down, then the measurement (measurementOf).
 */
export async function runCase(spec: CaseSpec, target: TargetProcess, settings: MeasureSettings, live?: LiveCaseCounts): Promise<CaseMeasurement> {
  const run = setUpCase(spec, target, settings, live);
  const watch = armCutOff(run);
  const bench = benchOf(run);
  let problems: CaseProblem[] = [];
  try {
    problems = await iterate(run, bench, watch.wasCut);
  } finally {
    watch.disarm();
    await tearDown(run);
  }
  return measurementOf(run, problems);
}

/** One tinybench task: warm-up and measured iterations, each's duration the makespan it timed. */
function benchOf(run: CaseRun): Bench {
  const { settings } = run;
  const bench = new Bench({
    signal: run.cut.signal,
    iterations: settings.iterations,
    time: 0,
    warmup: settings.warmup > 0,
    warmupIterations: settings.warmup,
    warmupTime: 0,
    throws: true,
    now: hrtimeNow,
  });
  // The task must be an async function: tinybench calls one that is not, once at add(), to see whether it
  // returns a promise, which would run the strategy outside any iteration (and before any client exists).
  bench.add(run.spec.id, async () => timedIteration(run), {
    beforeEach: (mode) => beforeIteration(run, mode),
    afterEach: (mode) => afterIteration(run, mode),
  });
  return bench;
}

/** Iterate: runs the bench until it ends or the case is cut off; what stopped it otherwise is a problem. */
async function iterate(run: CaseRun, bench: Bench, wasCut: Promise<void>): Promise<CaseProblem[]> {
  const problems: CaseProblem[] = [];
  try {
    run.resources.start();
    run.resources.pauseDelay();
    // A cut-off case does not wait for its iteration to wind down (a fixed-rate schedule could take long).
    await Promise.race([bench.run(), wasCut]);
  } catch (error) {
    if (!run.cut.signal.aborted) {
      const { message } = error as Error;
      problems.push(caseProblem('case-stopped', { error: message }, `the case stopped: ${message}`));
    }
  }
  return problems;
}

/** Tear down: a case cut off destroys its client (nothing to wait for), one that ended closes it. */
async function tearDown(run: CaseRun): Promise<void> {
  await (run.cut.signal.aborted ? run.client?.destroy() : run.client?.close())?.catch(() => {});
  await run.threads?.terminate();
}

/** The case's measurement: the iterations measured, the resources sampled, and why it was cut off, if it was. */
function measurementOf(run: CaseRun, problems: CaseProblem[]): CaseMeasurement {
  return {
    iterations: run.measured,
    ...run.resources.stop(),
    problems,
    ...(run.abortReason ? { abortReason: run.abortReason } : {}),
    ...(run.cutCounts ? { cutOff: run.cutCounts } : {}),
    ...(run.timeline ? { timeline: run.timeline } : {}),
  };
}
