import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { siblingModulePath } from '../module-path.ts';
import { forkReady, nextMessage } from './fork-ready.ts';
import type { BareTarget } from './idiom.ts';

const ENTRY = siblingModulePath('./bare-process', import.meta.url);

/** One measured iteration of a bare loop: its makespan and the client's CPU per request. */
export interface BareSample {
  makespanMs: number;
  cpuUsPerRequest: number;
}

/** A bare-process.ts child: one client's bare loop, one iteration per ask. */
export class BareProcess {
  private readonly child: ChildProcess;
  private readonly client: string;

  private constructor(
    child: ChildProcess,
    client: string,
  ) {
    this.child = child;
    this.client = client;
  }

  static async start(client: string): Promise<BareProcess> {
    const { child } = await forkReady(ENTRY);
    return new BareProcess(child, client);
  }

  async run(target: BareTarget, requests: number, concurrency: number, idPrefix: string): Promise<BareSample> {
    const answer = nextMessage<BareSample | { error: string }>(this.child, `the ${this.client} bare loop`);
    this.child.send({ client: this.client, target, requests, concurrency, idPrefix });
    const result = await answer;
    if ('error' in result) throw new Error(`the ${this.client} bare loop failed: ${result.error}`);
    return result;
  }

  async stop(): Promise<void> {
    const exited = once(this.child, 'exit');
    this.child.send({ type: 'done' });
    await exited;
  }
}
