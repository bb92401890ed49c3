import { Agent } from 'undici';
import { REQUEST_PATH } from '../mock-server/protocol.ts';
import type { TargetProcess } from './target-process.ts';

/**
 * The calibration loop: what a user would write by hand with undici and a window of C, and nothing
 * else: no recorder, no histogram, no strategy plumbing. Same target, same requests, same body parse and
 * id check as the adapter, so the harness's limited-pool can be held against it. Returns the makespan
 * of each measured iteration in milliseconds.
 */
export async function runBareLoop(
  target: TargetProcess,
  requests: number,
  concurrency: number,
  iterations: number,
  warmup: number,
): Promise<number[]> {
  const makespans: number[] = [];
  for (let iteration = 0; iteration < warmup + iterations; iteration++) {
    const agent = new Agent({ connections: concurrency });
    await target.reset();
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        const index = next++;
        const id = `b${iteration}-${index}`;
        const response = await agent.request({ origin: target.url, path: `${REQUEST_PATH}?id=${id}&n=${index}`, method: 'GET' });
        const body = (await response.body.json()) as { id?: string };
        if (body.id !== id) throw new Error(`bare loop: echoed id ${body.id}, sent ${id}`);
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
    const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
    await agent.close();
    if (iteration >= warmup) makespans.push(makespanMs);
  }
  return makespans;
}
