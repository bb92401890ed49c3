import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { caseProblem } from '../report/issue.ts';
import type { CaseProblem } from '../report/schema.ts';
import type { CaseSpec, MeasureSettings } from './case-spec.ts';
import { measurementFromTransfer, specToTransfer } from './case-transfer.ts';
import { refusedMeasurement } from './pending-limit.ts';
import { CLIENT_PROCESS_TARGET_ENV, type FromClientProcess, type RunCaseMessage } from './client-process-messages.ts';
import type { LiveCaseCounts } from './live-counts.ts';
import type { CaseMeasurement } from './measurement.ts';
import { siblingModulePath } from './module-path.ts';
import type { TargetAddress } from './target-process.ts';

const HOST = siblingModulePath('./client-process-host', import.meta.url);
const START_TIMEOUT_MS = 15_000;
/** Past its deadline a case's process has this long to send what it measured before it is killed. */
const ANSWER_GRACE_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

/** One client's process and the last line it wrote to stderr, which explains it if it dies. */
interface ClientProcess {
  child: ChildProcess;
  lastStderrLine: string;
}

/**
 * One process per client (client-process-host.ts), started at that client's first case of a round and
 * kept for the round, so each client is measured in a process of its own, beside no other client's code.
 * A new round starts new processes: two identical processes can differ by up to 10% in CPU per request
 * for the whole of their lives (their memory layout, their JIT's choices; measured with one bare loop in
 * two processes, docs/findings.md), so a run samples several of them, as the calibration's bare loops do.
 * A case that was cut off leaves its process to a fresh one, so what it left winding down cannot reach
 * the next case.
 */
export class ClientProcesses {
  private readonly processes = new Map<string, Promise<ClientProcess>>();
  private readonly target: TargetAddress;
  private readonly signal: AbortSignal | undefined;

  constructor(target: TargetAddress, signal?: AbortSignal) {
    this.target = target;
    this.signal = signal;
  }

  /**
   * Starts `spec`'s client process if it has none yet, so that its start-up (~0.3-1 s of loading) falls
   * before the case's clock, not inside its time; a start that fails is reported by runCase.
   */
  async prepare(spec: CaseSpec): Promise<void> {
    await this.processFor(spec.client.name).catch(() => {});
  }

  async runCase(spec: CaseSpec, modules: string[], settings: MeasureSettings, live: LiveCaseCounts): Promise<CaseMeasurement> {
    const name = spec.client.name;
    let client: ClientProcess;
    try {
      client = await this.processFor(name);
    } catch (error) {
      this.processes.delete(name);
      return stoppedMeasurement(this.interrupted() ?? caseStopped(`its client process did not start: ${(error as Error).message}`));
    }
    const measurement = await this.runOn(client, spec, modules, settings, live);
    if (measurement.abortReason || measurement.iterations.length === 0 || client.child.exitCode !== null || client.child.signalCode !== null) {
      this.processes.delete(name);
      await stopProcess(client.child);
    }
    return measurement;
  }

  private processFor(name: string): Promise<ClientProcess> {
    let started = this.processes.get(name);
    if (!started) {
      started = this.start();
      this.processes.set(name, started);
    }
    return started;
  }

  /** Ends every process; the next case of each client starts a new one. */
  async stop(): Promise<void> {
    const started = await Promise.allSettled(this.processes.values());
    this.processes.clear();
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? stopProcess(result.value.child) : undefined)));
  }

  private interrupted(): CaseProblem | undefined {
    return this.signal?.aborted ? caseProblem('interrupted', {}, 'interrupted') : undefined;
  }

  private async start(): Promise<ClientProcess> {
    // fork() passes this process's execArgv (the tsx loader, from the sources) on, as for the target.
    const child = fork(HOST, [], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, [CLIENT_PROCESS_TARGET_ENV]: JSON.stringify(this.target) },
    });
    const client: ClientProcess = { child, lastStderrLine: '' };
    // What it writes to stderr goes on to this process's, as it would from a case run here.
    child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      const lines = chunk.toString('utf8').trim().split('\n');
      if (lines.at(-1)) client.lastStderrLine = lines.at(-1)!;
    });
    // Killed if this process exits first (a second Ctrl-C): no orphaned client processes.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    try {
      const ready = once(child, 'message'); // { type: 'ready' }
      const exited = once(child, 'exit').then(([code, signal]) => {
        throw new Error(`it exited (${code ?? signal}) before it was ready${client.lastStderrLine ? `: ${client.lastStderrLine}` : ''}`);
      });
      exited.catch(() => {});
      await Promise.race([ready, exited]);
    } finally {
      clearTimeout(timer);
    }
    return client;
  }

  /** Runs one case in `client`'s process; an interrupt is passed on as a SIGINT, as a Ctrl-C would be. */
  private runOn({ child, ...client }: ClientProcess, spec: CaseSpec, modules: string[], settings: MeasureSettings, live: LiveCaseCounts): Promise<CaseMeasurement> {
    const { signal, ...sent } = settings;
    return new Promise((resolve) => {
      let killedLate = false;
      const finish = (measurement: CaseMeasurement) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(backstop);
        resolve(measurement);
      };
      const onMessage = (message: FromClientProcess) => {
        if (message.type === 'progress') live.reported(message);
        else if (message.type === 'measured') finish(measurementFromTransfer(message.measurement));
        else if (message.type === 'failed') finish(stoppedMeasurement(caseStopped(message.message)));
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
        const late = `its client process did not answer within ${ANSWER_GRACE_MS / 1000} s of the case's deadline (an event loop held?) and was killed`;
        const died = `its client process exited (${code ?? exitSignal})${client.lastStderrLine ? `: ${client.lastStderrLine}` : ''}`;
        finish(stoppedMeasurement(this.interrupted() ?? caseStopped(killedLate ? late : died)));
      };
      const onAbort = () => child.kill('SIGINT');
      const backstop = setTimeout(() => {
        killedLate = true;
        child.kill('SIGKILL');
      }, settings.deadlineMs + ANSWER_GRACE_MS);
      child.on('message', onMessage);
      child.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ type: 'run', spec: specToTransfer(spec), modules, settings: sent } satisfies RunCaseMessage);
      if (signal?.aborted) onAbort();
    });
  }
}

function caseStopped(message: string): CaseProblem {
  return caseProblem('case-stopped', { error: message }, `the case stopped: ${message}`);
}

/** The measurement of a case whose process gave none: nothing measured, and why (an interrupt is its cut-off). */
function stoppedMeasurement(problem: CaseProblem): CaseMeasurement {
  const nothing = refusedMeasurement(problem);
  return problem.kind === 'interrupted' ? { ...nothing, problems: [], abortReason: problem } : nothing;
}

/** Closes the process's channel, which ends it (client-process-host.ts); one that does not go is killed. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  else child.kill('SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
