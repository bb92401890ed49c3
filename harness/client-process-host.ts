// Body of a client process: the harness runs every case of one client in a process of its own, as
// that client's bare loop runs in its own, so that no other client's code shares its process. fetch run
// earlier in one harness process raised undici's CPU per request by 16-36% (docs/findings.md). It runs
// the cases it is sent, one at a time, against the target the harness started, and sends each
// measurement back.
import { collectGarbage } from './collect-garbage.ts';
import { registerUserModules } from './user-modules.ts';
import { measurementToTransfer, specFromTransfer } from './case-transfer.ts';
import { CLIENT_PROCESS_PROGRESS_MS, CLIENT_PROCESS_TARGET_ENV, type FromClientProcess, type RunCaseMessage } from './client-process-messages.ts';
import { LiveCaseCounts } from './live-counts.ts';
import { interruptBurnsOnSignals } from './preparation.ts';
import { runCase } from './run-case.ts';
import { targetAt, type TargetAddress } from './target-process.ts';

const target = targetAt(JSON.parse(process.env[CLIENT_PROCESS_TARGET_ENV]!) as TargetAddress);
const send = (message: FromClientProcess) => process.send!(message);

// The harness interrupts a case with a SIGINT, and a Ctrl-C reaches this process too (the terminal
// signals its whole group): either cuts the case off as interrupted, and the harness ends the run.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => interrupt.abort());
// The harness gone (its IPC channel closed): nothing is left to report to.
process.on('disconnect', () => process.exit(0));
let burnsWatched = false;

async function run({ spec: transferred, modules, settings }: RunCaseMessage): Promise<FromClientProcess> {
  await registerUserModules(modules);
  const spec = specFromTransfer(transferred);
  if (spec.preparation.cpuMs > 0 && !burnsWatched) {
    // Burns hold the event loop, where a signal handler would wait for them (preparation.ts).
    burnsWatched = true;
    interruptBurnsOnSignals(['SIGINT', 'SIGTERM', 'SIGHUP'], process.ppid);
  }
  const live = new LiveCaseCounts(spec.requests, settings.warmup, settings.iterations);
  const reportCounts = () => send({ type: 'progress', completed: live.completed(), failed: live.failed(), ...phaseOf(live) });
  const report = setInterval(reportCounts, CLIENT_PROCESS_PROGRESS_MS);
  report.unref();
  try {
    collectGarbage();
    const measurement = await runCase(spec, target, { ...settings, signal: interrupt.signal }, live);
    return { type: 'measured', measurement: measurementToTransfer(measurement) };
  } catch (error) {
    return { type: 'failed', message: String((error as Error)?.message ?? error) };
  } finally {
    clearInterval(report);
    // The final counts, before the answer: the harness's live view ends where the case did.
    reportCounts();
  }
}

function phaseOf(live: LiveCaseCounts) {
  const phase = live.phase();
  return phase ? { phase } : {};
}

process.on('message', (message: RunCaseMessage) => {
  // A config module that no longer loads fails the case, as any error before it runs.
  if (message.type === 'run') void run(message).then(send, (error: unknown) => send({ type: 'failed', message: String((error as Error)?.message ?? error) }));
});
send({ type: 'ready' });
