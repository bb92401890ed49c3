import { setTimeout as sleep } from 'node:timers/promises';

/** Work each request does before it is sent (--prep-cpu, --prep-wait). */
export interface Preparation {
  /** Synchronous CPU work, like a blocking database driver or parsing: it holds the event loop. */
  cpuMs: number;
  /** Asynchronous waiting, like a non-blocking database call. */
  waitMs: number;
}

export const NO_PREPARATION: Preparation = { cpuMs: 0, waitMs: 0 };

/** Spins the CPU for `ms`: a deliberate block of this thread's event loop. */
function burnCpu(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: the point is to hold this thread
  }
}

export async function prepare(preparation: Preparation): Promise<void> {
  if (preparation.cpuMs > 0) burnCpu(preparation.cpuMs);
  if (preparation.waitMs > 0) await sleep(preparation.waitMs);
}
