import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { ThreadGroup, ThreadShare } from '../strategies/strategy.ts';
import type { RequestRecorder } from './request-recorder.ts';
import type { FromThread, ThreadSetup, ToThread } from './thread-messages.ts';
import { startTypeScriptWorker } from './typescript-worker.ts';

const HOST = new URL('./thread-host.ts', import.meta.url);

/**
 * T worker threads for one case. Hand-written rather than piscina: each thread must keep its own client
 * across open / run / close, so every message goes to one chosen thread, not to whichever is idle.
 */
export class WorkerThreadGroup implements ThreadGroup {
  private readonly workers: Worker[];
  /** Where the counts of the current iteration go; set by the runner before each iteration. */
  recorder: RequestRecorder | undefined;
  idPrefix = 'r';

  constructor(size: number, setup: ThreadSetup) {
    this.workers = Array.from({ length: size }, () => startTypeScriptWorker(HOST, { workerData: setup }));
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
    const answer = await this.ask(thread, { type: 'run', share, idPrefix: this.idPrefix });
    if (answer.type === 'ran') this.recorder?.merge(answer.counts);
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async ask(thread: number, message: ToThread): Promise<FromThread> {
    const worker = this.workers[thread];
    if (!worker) throw new Error(`no thread ${thread} in a group of ${this.workers.length}`);
    // Both waits end with the ask: the abort removes their listeners (a worker answers many asks, and a
    // listener left per ask piles up), and the one that lost the race is rejected by it, unobserved.
    const asked = new AbortController();
    const { signal } = asked;
    const answered = once(worker, 'message', { signal }) as Promise<[FromThread]>;
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
