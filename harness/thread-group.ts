import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { ThreadGroup, ThreadShare } from '../strategies/strategy.ts';
import type { UnmergedCounts } from './live-counts.ts';
import type { RequestRecorder } from './request-recorder.ts';
import type { FromThread, ThreadProgress, ThreadSetup, ToThread } from './thread-messages.ts';
import { siblingModule } from './module-path.ts';
import { startTypeScriptWorker } from './typescript-worker.ts';

const HOST = siblingModule('./thread-host', import.meta.url);

/**
 * T worker threads for one case. Hand-written rather than piscina: each thread must keep its own client
 * across open / run / close, so every message goes to one chosen thread, not to whichever is idle.
 */
export class WorkerThreadGroup implements ThreadGroup, UnmergedCounts {
  private readonly workers: Worker[];
  /** Per thread, the requests of the share it is running that it has reported, not yet merged. */
  private readonly running: { completed: number; failed: number }[];
  /** Per thread, the requests of the share it is running (0: none). */
  private readonly shareSizes: number[];
  /** Where the counts of the current iteration go; set by the runner before each iteration. */
  recorder: RequestRecorder | undefined;
  idPrefix = 'r';

  constructor(size: number, setup: ThreadSetup) {
    this.workers = Array.from({ length: size }, () => startTypeScriptWorker(HOST, { workerData: setup }));
    this.running = this.workers.map(() => ({ completed: 0, failed: 0 }));
    this.shareSizes = this.workers.map(() => 0);
    this.workers.forEach((worker, thread) =>
      worker.on('message', (message: FromThread | ThreadProgress) => {
        if (message.type === 'progress') this.running[thread] = { completed: message.completed, failed: message.failed };
      }),
    );
  }

  get size(): number {
    return this.workers.length;
  }

  async openClients(): Promise<void> {
    await Promise.all(this.workers.map((_, thread) => this.ask(thread, { type: 'open' })));
  }

  async closeClients(): Promise<void> {
    await Promise.all(this.workers.map((_, thread) => this.ask(thread, { type: 'close' })));
  }

  async run(thread: number, share: ThreadShare): Promise<void> {
    this.shareSizes[thread] = share.requests;
    try {
      const answer = await this.ask(thread, { type: 'run', share, idPrefix: this.idPrefix });
      // In the same turn: the share's counts move from the reported ones to the recorder's.
      if (answer.type === 'ran') this.recorder?.merge(answer.counts);
    } finally {
      this.running[thread] = { completed: 0, failed: 0 };
      this.shareSizes[thread] = 0;
    }
  }

  /**
   * At a cut-off, the shares the threads are still running, added to the cut iteration's counts: a
   * thread's outcomes come back by kind only with its finished share, so of a running share the requests
   * it reported ok count as ok and all the others as cancelled (each as one attempt).
   */
  countRunningShares(into: RequestRecorder): void {
    this.shareSizes.forEach((requests, thread) => {
      if (requests === 0) return;
      const { completed, failed } = this.running[thread]!;
      const ok = completed - failed;
      into.sent += requests;
      into.attempts += requests;
      into.ok += ok;
      into.errors.cancelled += requests - ok;
    });
  }

  /** What the threads have reported of the shares they are still running (for the progress display). */
  unmergedCounts(): { completed: number; failed: number } {
    let completed = 0;
    let failed = 0;
    for (const counts of this.running) {
      completed += counts.completed;
      failed += counts.failed;
    }
    return { completed, failed };
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async ask(thread: number, message: ToThread): Promise<FromThread> {
    const worker = this.workers[thread];
    if (!worker) throw new Error(`no thread ${thread} in a group of ${this.workers.length}`);
    // Both waits end with the ask: the abort removes their listeners (a worker answers many asks, and a
    // listener left per ask piles up); the exit wait that lost the race is rejected by it, unobserved.
    const asked = new AbortController();
    const { signal } = asked;
    // The answer is the first message that is not a progress report (those go to the constructor's listener).
    const answered = new Promise<[FromThread]>((resolve) => {
      const onMessage = (message: FromThread | ThreadProgress) => {
        if (message.type === 'progress') return;
        worker.off('message', onMessage);
        resolve([message]);
      };
      worker.on('message', onMessage);
      signal.addEventListener('abort', () => worker.off('message', onMessage), { once: true });
    });
    const stopped = once(worker, 'exit', { signal }).then(() => {
      throw new Error(`worker thread ${thread} stopped`);
    });
    for (const wait of [answered, stopped]) wait.catch(() => {});
    let answer: FromThread;
    try {
      worker.postMessage(message);
      [answer] = await Promise.race([answered, stopped]);
    } finally {
      asked.abort();
    }
    if (answer.type === 'failed') throw new Error(`worker thread ${thread}: ${answer.message}`);
    return answer;
  }
}
