import pLimit from 'p-limit';
import { Agent } from 'undici';
import { REQUEST_PATH } from '../mock-server/protocol.ts';
import type { TargetProcess } from './target-process.ts';

/**
 * The calibration loop: the limited-pool idiom written by hand against undici, and nothing else: no
 * recorder, no histogram, no strategy plumbing. Same target, same requests, same window (p-limit), same
 * body parse and id check as the adapter, and a per-request timeout through an AbortSignal written the
 * way a user would (a controller and a timer), so what separates it from the harness's limited-pool is
 * the harness alone. Returns the makespan of each measured iteration in milliseconds.
 */
export async function runBareLoop(
  target: TargetProcess,
  requests: number,
  concurrency: number,
  iterations: number,
  warmup: number,
  timeoutMs: number,
): Promise<number[]> {
  const makespans: number[] = [];
  for (let iteration = 0; iteration < warmup + iterations; iteration++) {
    const agent = new Agent({ connections: concurrency, ...(target.certificate === undefined ? {} : { connect: { ca: target.certificate } }) });
    await target.reset();
    const get = async (index: number) => {
      const id = `b${iteration}-${index}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const path = `${REQUEST_PATH}?id=${id}&n=${index}`;
        const response = await agent.request({ origin: target.url, path, method: 'GET', signal: controller.signal });
        const body = (await response.body.json()) as { id?: string };
        if (body.id !== id) throw new Error(`bare loop: echoed id ${body.id}, sent ${id}`);
      } finally {
        clearTimeout(timer);
      }
    };
    const limit = pLimit(concurrency);
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
    const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
    await agent.close();
    if (iteration >= warmup) makespans.push(makespanMs);
  }
  return makespans;
}
