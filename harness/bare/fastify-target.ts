import { once } from 'node:events';
import { siblingModulePath } from '../module-path.ts';
import { forkReady, nextMessage } from './fork-ready.ts';

const ENTRY = siblingModulePath('./fastify-server', import.meta.url);

/** The bare Fastify app (fastify-server.ts) in a child process, as the mock runs, and its CPU time. */
export interface BareFastify {
  url: string;
  /** CPU time (user + system) the server process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBareFastify(payloadBytes: number): Promise<BareFastify> {
  // forkReady kills it if this process exits first.
  const { child, ready } = await forkReady<{ port: number }>(ENTRY, [String(payloadBytes)]);
  return {
    url: `http://127.0.0.1:${ready.port}`,
    cpuMs: async () => {
      const answer = nextMessage<{ usage: NodeJS.CpuUsage }>(child, 'bare Fastify');
      child.send({ type: 'cpu' });
      const { usage } = await answer;
      return (usage.user + usage.system) / 1000;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
