import { performance } from 'node:perf_hooks';
import { downsampleTimeline } from '../report/timeline.ts';
import type { CaseRun } from './case-run.ts';
import { controlTimeout } from './case-cut-off.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { isReplayed, predictMakespan, replayIdeal } from './prediction.ts';
import { RequestRecorder, type RequestChannel } from './request-recorder.ts';
import type { TargetProcess } from './target-process.ts';

// One iteration of a case, in tinybench's order: beforeEach (untimed), the timed part, afterEach (untimed).
// What runs between `started` and the makespan is all that is timed; nothing else may move in there.

type Mode = 'run' | 'warmup' | undefined;

/** A threaded strategy sends from its threads; a request from the main thread would be a harness bug. */
const threadsOnly: RequestChannel = {
  send: () => Promise.reject(new Error('a threaded strategy sends from its threads')),
  prepare: () => Promise.reject(new Error('a threaded strategy prepares in its threads')),
  request: () => Promise.reject(new Error('a threaded strategy sends from its threads')),
};

/**
 * The iteration's ideal: replayed over the service times the target kept, or, for a case larger than it
 * keeps them for (memory bounded in N), the closed form over the latencies the seeded model draws.
 */
export async function idealOfIteration(spec: CaseSpec, target: TargetProcess, settings: MeasureSettings, timeoutMs?: number): Promise<number> {
  const { latency, seed, network } = settings.target;
  if (!isReplayed(spec)) return predictMakespan(spec, latency, seed, network);
  return replayIdeal(spec, await target.serviceTimes(timeoutMs), network);
}

/**
 * beforeEach, outside the timed part: a fresh recorder and id prefix, a fresh client (or the threads'
 * clients), the target reset; the event-loop delay sampled only for measured iterations.
 */
export async function beforeIteration(run: CaseRun, mode: Mode): Promise<void> {
  const { spec, threads } = run;
  run.iteration += 1;
  run.recorder = new RequestRecorder();
  run.recorder.cancelled = run.cut.signal.aborted;
  run.recorder.cutOffAt = run.deadlineAt;
  // Ids are unique per iteration, so a late answer from an earlier one can never pass the echo check.
  run.idPrefix = `${mode === 'warmup' ? 'w' : 'i'}${run.iteration}`;
  run.live?.iterationStarted(mode === 'warmup' ? 'warmup' : 'run', run.recorder);
  if (threads) {
    threads.recorder = run.recorder;
    threads.idPrefix = run.idPrefix;
    await threads.openClients();
  } else {
    run.client = await spec.client.create(run.target.url, run.clientSettings);
  }
  await run.target.reset(controlTimeout(run));
  if (mode === 'run') run.resources.resumeDelay();
}

/**
 * The timed part: the strategy sends all N requests. Its makespan is what tinybench records
 * (overriddenDuration); CPU and event-loop use are read around exactly the same span.
 */
export async function timedIteration(run: CaseRun): Promise<{ overriddenDuration: number }> {
  const { spec, client, threads } = run;
  const channel = client ? run.recorder.channel(client, run.idPrefix, spec.preparation, spec.policy) : threadsOnly;
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = process.hrtime.bigint();
  await spec.strategy.run({ requests: spec.requests, concurrency: spec.concurrency, rate: spec.rate, threads, ...channel });
  const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
  const elu = performance.eventLoopUtilization(eluBefore);
  const cpu = process.cpuUsage(cpuBefore);
  run.timed = { makespanMs, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, eventLoopUtilization: elu.utilization };
  return { overriddenDuration: makespanMs };
}

/** afterEach, outside the timed part: the clients closed, then a measured iteration collected. */
export async function afterIteration(run: CaseRun, mode: Mode): Promise<void> {
  run.resources.pauseDelay();
  if (run.cut.signal.aborted) return;
  await (run.threads ? run.threads.closeClients() : run.client?.close());
  run.client = undefined;
  if (mode !== 'run') return;
  await collectIteration(run);
}

/** Collect: the target's view of the iteration, its replayed ideal, and the figures timed. */
async function collectIteration(run: CaseRun): Promise<void> {
  const { spec, target, settings } = run;
  const { timeline: lastTimeline, ...snapshot } = await target.stats(true, controlTimeout(run));
  run.timeline = lastTimeline && downsampleTimeline(lastTimeline);
  run.measured.push({ ...run.timed, idealMs: await idealOfIteration(spec, target, settings, controlTimeout(run)), recorder: run.recorder, target: snapshot });
}
