import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

/** Work each request does before it is sent (--prep-cpu, --prep-wait). */
export interface Preparation {
  /** Synchronous CPU work, like a blocking database driver or parsing: it holds the event loop. */
  cpuMs: number;
  /** Asynchronous waiting, like a non-blocking database call. */
  waitMs: number;
}

export const NO_PREPARATION: Preparation = { cpuMs: 0, waitMs: 0 };

/**
 * What ends a burn before its time: the case cut off (`cancelled`), or its deadline reached (`cutOffAt`,
 * a performance.now() time). A deadline is a timer, and a timer cannot fire while burns hold the loop
 * (promise-all prepares all N in one synchronous pass), so the burn itself looks at the clock.
 */
export interface BurnStop {
  readonly cancelled: boolean;
  readonly cutOffAt: number;
}

/** Set from the signal watcher's thread (see interruptBurnsOnSignals): every burn of this thread ends. */
const signalled = new Int32Array(new SharedArrayBuffer(4));

/**
 * Spins the CPU for `ms`: a deliberate block of this thread's event loop, exactly as long as asked unless
 * the case is cut off or a signal came; the checks cost nothing the burn would not spend anyway.
 */
function burnCpu(ms: number, stop?: BurnStop): void {
  const until = Math.min(performance.now() + ms, stop?.cutOffAt ?? Infinity);
  while (performance.now() < until) {
    if (stop?.cancelled || Atomics.load(signalled, 0) !== 0) return;
  }
}

export async function prepare(preparation: Preparation, stop?: BurnStop): Promise<void> {
  if (preparation.cpuMs > 0) burnCpu(preparation.cpuMs, stop);
  if (preparation.waitMs > 0) await sleep(preparation.waitMs);
}

/**
 * A thread that sees `signals` (and the process `parent` going away, when given) while burns hold the main thread,
 * and ends them, so the main thread's handlers run within a few milliseconds. It matters under tsx, which
 * SIGKILLs a script that has not taken a relayed signal within ~60 ms (it never would during a 200 ms
 * burn, and promise-all's preparation holds the loop for N burns in a row), and for a SIGTERM under npm,
 * which no one follows with a SIGKILL but which would wait for every burn.
 *
 * Only a signal handle in the thread's own event loop can see a signal while the main thread is busy
 * (libuv tells every loop that watches it; `process.on` works on the main thread only), and Node exposes
 * one to JavaScript only through process.binding('signal_wrap'), deprecated (DEP0111, silenced in that
 * thread). Where it is gone, the thread still watches the parent, and burns end at the case's deadline.
 * An idle thread costs ~10 MB of RSS, so only a run with --prep-cpu starts it. Unref'd: it never keeps
 * the process alive.
 */
export function interruptBurnsOnSignals(signals: readonly NodeJS.Signals[], parent?: number): Worker {
  const source = `
    const { workerData: { flag, signals, parent } } = require('node:worker_threads');
    const raise = () => Atomics.store(flag, 0, 1);
    try {
      process.noDeprecation = true;
      const { Signal } = process.binding('signal_wrap');
      for (const name of signals) {
        const handle = new Signal();
        handle.onsignal = raise;
        handle.start(require('node:os').constants.signals[name]);
      }
    } catch {}
    if (parent !== undefined) setInterval(() => process.ppid !== parent && raise(), 250);
  `;
  const worker = new Worker(source, { eval: true, workerData: { flag: signalled, signals, parent } });
  worker.unref();
  return worker;
}
