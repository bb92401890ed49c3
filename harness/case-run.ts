import { performance } from 'node:perf_hooks';
import type { ClientSettings, HttpClient } from '../clients/http-client.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import type { LiveCaseCounts } from './live-counts.ts';
import type { CaseMeasurement, IterationRecord } from './measurement.ts';
import { RequestRecorder } from './request-recorder.ts';
import { ResourceSampler } from './resource-sampler.ts';
import type { TargetProcess } from './target-process.ts';
import { userModulesOf } from './user-modules.ts';
import { WorkerThreadGroup } from './thread-group.ts';

/** What the timed part of the last iteration measured, kept until afterEach files it. */
export interface TimedFigures {
  makespanMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopUtilization: number;
}

/**
 * Everything one case's run holds while it runs, shared by its phases (set up, iterate, collect, cut
 * off, tear down). tinybench calls the iteration's hooks with no state of their own, so it lives here.
 */
export interface CaseRun {
  readonly spec: CaseSpec;
  readonly target: TargetProcess;
  readonly settings: MeasureSettings;
  readonly live: LiveCaseCounts | undefined;
  readonly clientSettings: ClientSettings;
  /** The worker threads of a threaded strategy (which build their clients inside), else undefined. */
  readonly threads: WorkerThreadGroup | undefined;
  readonly resources: ResourceSampler;
  /** The measured iterations so far, in the order they ran. */
  readonly measured: IterationRecord[];
  timeline: CaseMeasurement['timeline'];
  /** The main thread's client of the iteration running (built in beforeEach, closed in afterEach). */
  client: HttpClient | undefined;
  recorder: RequestRecorder;
  idPrefix: string;
  /** Iterations started, warm-up included: numbers the request ids. */
  iteration: number;
  timed: TimedFigures;
  /** Aborted when the case is cut off (deadline, Ctrl-C); tinybench stops on it. */
  readonly cut: AbortController;
  /** performance.now() at which the case's deadline falls. */
  readonly deadlineAt: number;
  abortReason: CaseMeasurement['abortReason'];
  cutCounts: CaseMeasurement['cutOff'];
}

/** Set up: the client settings every adapter gets, the worker threads of a threaded strategy, the samplers. */
export function setUpCase(spec: CaseSpec, target: TargetProcess, settings: MeasureSettings, live: LiveCaseCounts | undefined): CaseRun {
  const clientSettings: ClientSettings = {
    ...spec.strategy.clientSettings(spec.concurrency, spec.threads),
    timeoutMs: spec.policy.timeoutMs,
    ...(target.certificate === undefined ? {} : { ca: target.certificate }),
  };
  // The runner refuses a threaded case whose user parts have no module (threadsRefusal).
  const modules = (spec.strategy.usesThreads && userModulesOf(spec)) || [];
  const threads = spec.strategy.usesThreads
    ? new WorkerThreadGroup(spec.threads, {
        client: spec.client.name,
        modules,
        baseUrl: target.url,
        settings: clientSettings,
        preparation: spec.preparation,
        policy: spec.policy,
      })
    : undefined;
  if (threads) live?.countThreads(threads);
  const resources = new ResourceSampler();
  return {
    spec,
    target,
    settings,
    live,
    clientSettings,
    threads,
    resources,
    measured: [],
    timeline: undefined,
    client: undefined,
    recorder: new RequestRecorder(),
    idPrefix: '',
    iteration: 0,
    timed: { makespanMs: 0, cpuUserMs: 0, cpuSystemMs: 0, eventLoopUtilization: 0 },
    cut: new AbortController(),
    // The deadline counts from here: the threads are started, the iterations not yet.
    deadlineAt: performance.now() + settings.deadlineMs,
    abortReason: undefined,
    cutCounts: undefined,
  };
}
