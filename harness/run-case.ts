import { performance } from 'node:perf_hooks';
import { Bench, hrtimeNow } from 'tinybench';
import type { HttpClient } from '../clients/http-client.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { CONTROL_TIMEOUT_MS, LATE_CONTROL_TIMEOUT_MS } from './control-channel.ts';
import type { LiveCaseCounts } from './live-counts.ts';
import type { CaseMeasurement, IterationRecord } from './measurement.ts';
import { downsampleTimeline } from '../report/timeline.ts';
import { isReplayed, predictMakespan, replayIdeal } from './prediction.ts';
import { RequestRecorder, type RequestChannel } from './request-recorder.ts';
import { ResourceSampler } from './resource-sampler.ts';
import type { TargetProcess } from './target-process.ts';
import { WorkerThreadGroup } from './thread-group.ts';

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
 * Measures one case with tinybench: one iteration = the strategy sending all N requests through a fresh
 * client. Building and closing the client, and resetting and reading the target, happen in tinybench's
 * beforeEach/afterEach, outside the timed part; connection setup stays inside it, as in a real program.
 * After each iteration the strategy's schedule is replayed over the latencies the target applied.
 * `live`, when given, is pointed at each iteration's recorder (and the threads), so a progress display
 * can poll the requests finished so far.
 */
export async function runCase(spec: CaseSpec, target: TargetProcess, settings: MeasureSettings, live?: LiveCaseCounts): Promise<CaseMeasurement> {
  const clientSettings = {
    ...spec.strategy.clientSettings(spec.concurrency, spec.threads),
    timeoutMs: spec.policy.timeoutMs,
    ...(target.certificate === undefined ? {} : { ca: target.certificate }),
  };
  const threads = spec.strategy.usesThreads
    ? new WorkerThreadGroup(spec.threads, {
        client: spec.client.name,
        baseUrl: target.url,
        settings: clientSettings,
        preparation: spec.preparation,
        policy: spec.policy,
      })
    : undefined;
  if (threads) live?.countThreads(threads);
  const measured: IterationRecord[] = [];
  const resources = new ResourceSampler();
  let timeline: CaseMeasurement['timeline'];
  let client: HttpClient | undefined;
  let recorder = new RequestRecorder();
  let idPrefix = '';
  let iteration = 0;
  let timed = { makespanMs: 0, cpuUserMs: 0, cpuSystemMs: 0, eventLoopUtilization: 0 };

  // Cutting the case off (its deadline, or Ctrl-C): what is in flight counts as `cancelled`, the client
  // and threads are torn down, tinybench stops, and the iterations measured so far are kept, with the
  // counts of the one cut off.
  const cut = new AbortController();
  const deadlineAt = performance.now() + settings.deadlineMs;
  // Every control call ends by the deadline, or a second after it: a stopped target cannot hold the case.
  const controlTimeout = () => Math.min(CONTROL_TIMEOUT_MS, Math.max(LATE_CONTROL_TIMEOUT_MS, deadlineAt - performance.now()));
  let abortReason: string | undefined;
  let cutCounts: CaseMeasurement['cutOff'];
  const cutOff = (reason: string) => {
    if (cut.signal.aborted) return;
    abortReason = reason;
    recorder.cancelled = true;
    // The iteration the cut lands in, unless it has been measured already (then it is counted there).
    if (!measured.some((record) => record.recorder === recorder)) {
      cutCounts = recorder.cutOff();
      threads?.countRunningShares(cutCounts);
    }
    void client?.destroy().catch(() => {});
    void threads?.terminate();
    cut.abort();
  };
  const deadline = setTimeout(() => cutOff(`cut off at its deadline of ${settings.deadlineMs / 1000} s`), settings.deadlineMs);
  const onInterrupt = () => cutOff('interrupted');
  settings.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (settings.signal?.aborted) onInterrupt();
  const wasCut = new Promise<void>((resolve) => cut.signal.addEventListener('abort', () => resolve(), { once: true }));

  const bench = new Bench({
    signal: cut.signal,
    iterations: settings.iterations,
    time: 0,
    warmup: settings.warmup > 0,
    warmupIterations: settings.warmup,
    warmupTime: 0,
    throws: true,
    now: hrtimeNow,
  });
  bench.add(
    spec.id,
    async () => {
      const channel = client ? recorder.channel(client, idPrefix, spec.preparation, spec.policy) : threadsOnly;
      const cpuBefore = process.cpuUsage();
      const eluBefore = performance.eventLoopUtilization();
      const started = process.hrtime.bigint();
      await spec.strategy.run({ requests: spec.requests, concurrency: spec.concurrency, rate: spec.rate, threads, ...channel });
      const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
      const elu = performance.eventLoopUtilization(eluBefore);
      const cpu = process.cpuUsage(cpuBefore);
      timed = { makespanMs, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, eventLoopUtilization: elu.utilization };
      return { overriddenDuration: makespanMs };
    },
    {
      beforeEach: async (mode) => {
        iteration += 1;
        recorder = new RequestRecorder();
        recorder.cancelled = cut.signal.aborted;
        recorder.cutOffAt = deadlineAt;
        // Ids are unique per iteration, so a late answer from an earlier one can never pass the echo check.
        idPrefix = `${mode === 'warmup' ? 'w' : 'i'}${iteration}`;
        live?.iterationStarted(mode === 'warmup' ? 'warmup' : 'run', recorder);
        if (threads) {
          threads.recorder = recorder;
          threads.idPrefix = idPrefix;
          await threads.openClients();
        } else {
          client = await spec.client.create(target.url, clientSettings);
        }
        await target.reset(controlTimeout());
        if (mode === 'run') resources.resumeDelay();
      },
      afterEach: async (mode) => {
        resources.pauseDelay();
        if (cut.signal.aborted) return;
        await (threads ? threads.closeClients() : client?.close());
        client = undefined;
        if (mode !== 'run') return;
        const { timeline: lastTimeline, ...snapshot } = await target.stats(true, controlTimeout());
        timeline = lastTimeline && downsampleTimeline(lastTimeline);
        measured.push({ ...timed, idealMs: await idealOfIteration(spec, target, settings, controlTimeout()), recorder, target: snapshot });
      },
    },
  );

  const problems: string[] = [];
  try {
    resources.start();
    resources.pauseDelay();
    // A cut-off case does not wait for its iteration to wind down (a fixed-rate schedule could take long).
    await Promise.race([bench.run(), wasCut]);
  } catch (error) {
    if (!cut.signal.aborted) problems.push(`the case stopped: ${(error as Error).message}`);
  } finally {
    clearTimeout(deadline);
    settings.signal?.removeEventListener('abort', onInterrupt);
    await (cut.signal.aborted ? client?.destroy() : client?.close())?.catch(() => {});
    await threads?.terminate();
  }
  return {
    iterations: measured,
    ...resources.stop(),
    problems,
    ...(abortReason ? { abortReason } : {}),
    ...(cutCounts ? { cutOff: cutCounts } : {}),
    ...(timeline ? { timeline } : {}),
  };
}
