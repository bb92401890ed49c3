// What belongs to a bench process rather than to its run: its signals and its parent. scripts/bench.ts
// and the fanout command (scripts/fanout.ts) both start a run with it.
import { benchMain } from './bench-main.ts';
import { EXIT_INTERRUPTED, runCli } from './usage-error.ts';
import { interruptBurnsOnSignals } from '../harness/preparation.ts';

/**
 * A signal this soon after the first is the same Ctrl-C delivered twice: the terminal signals every
 * process in its group and tsx (or npm) relays it to the script again. Only a later one is a second press.
 */
const SAME_INTERRUPT_MS = 1_000;

/** How often the script looks whether its parent (tsx, or the shell npm runs it in) is still there. */
const PARENT_POLL_MS = 250;

/**
 * Ctrl-C, SIGTERM or SIGHUP (a closed terminal or ssh session), or the parent process gone: the first
 * cuts off the case in progress, stops the target and writes a partial report; a second signal exits at
 * once (the target child follows its parent out). The parent matters under npm: it passes a SIGTERM on
 * to the shell it runs the script in, which dies of it and leaves the script running on its own. With
 * --prep-cpu, a thread ends the burns that hold the event loop when a signal comes (preparation.ts), so
 * the handler runs within milliseconds: tsx SIGKILLs a script that has not taken a signal in ~60 ms.
 */
function stopOnSignals(note: (line: string) => void, { busyLoop }: { busyLoop: boolean }): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const stop = (why: string) => {
    if (controller.signal.aborted) {
      if (performance.now() - firstAt >= SAME_INTERRUPT_MS) process.exit(EXIT_INTERRUPTED);
      return;
    }
    firstAt = performance.now();
    note(`bench: ${why}: stopping the case in progress and writing a partial report (again to quit now)`);
    controller.abort();
  };
  // The terminal (or whoever read the output) is gone: printing fails from now on, which must not stop the partial report.
  const unheard = () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', (signal) => {
    unheard();
    stop(signal);
  });
  // Only a parent that would have passed a signal on (npm's shell, tsx) is watched: one that started the
  // script and left on purpose (`setsid`, `(cmd &)`) ends nothing.
  const relayed = process.env.npm_lifecycle_event !== undefined || process.execArgv.some((arg) => arg.includes('tsx'));
  const parent = relayed && process.ppid > 1 ? process.ppid : undefined;
  if (parent !== undefined) {
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      unheard();
      stop(`its parent process ${parent} exited`);
    }, PARENT_POLL_MS);
    watch.unref();
  }
  if (busyLoop) interruptBurnsOnSignals(['SIGINT', 'SIGTERM', 'SIGHUP'], parent);
  return controller.signal;
}

/**
 * bench as a process: the run stops on the signals above, and once everything is written it does not
 * wait for work a cut-off case leaves winding down (a fixed-rate schedule's timers).
 */
export async function runBenchProcess(argv: string[]): Promise<void> {
  let cutShort = false;
  await runCli('bench', () => benchMain(argv, undefined, { interruptions: stopOnSignals, cutShort: () => (cutShort = true) }));
  // stdout and stderr to a file, pipe or terminal are written synchronously on Linux; the callback covers the rest.
  if (cutShort) process.stdout.write('', () => process.exit());
}
