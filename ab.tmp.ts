import pLimit from 'p-limit';
import { getClient } from '/work/main/clients/index.ts';
import { RequestRecorder } from '/work/main/harness/request-recorder.ts';
import { NO_PREPARATION } from '/work/main/harness/preparation.ts';
import { startTarget } from '/work/main/harness/target-process.ts';
import { parseLatencySpec } from '/work/main/mock-server/latency.ts';
import { BARE_IDIOMS } from '/work/main/harness/bare/index.ts';
const clientName = process.argv[2] ?? 'undici';
const N = Number(process.argv[3] ?? 20000), C = 50;
const target = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 256 });
const policy = { timeoutMs: 10000, retries: 0, backoffBaseMs: 10, backoffCapMs: 100, seed: 1 };
const harness = async (r: number) => {
  const client = getClient(clientName).create(target.url, { keepAlive: true, maxSockets: C, timeoutMs: 10000 });
  const rec = new RequestRecorder();
  const ch = rec.channel(client, `h${r}`, NO_PREPARATION, policy);
  const limit = pLimit(C);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => limit(() => ch.send(i))));
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  await client.close();
  if (rec.ok !== N) throw new Error('not ok ' + rec.errorSamples);
  return { rps: N / ms * 1000, cpu: (c.user + c.system) / N };
};
const bare = async (r: number) => {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await BARE_IDIOMS[clientName]!({ url: target.url }, N, C, `b${r}`);
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  return { rps: N / ms * 1000, cpu: (c.user + c.system) / N };
};
const rows: number[][] = [];
for (let r = 0; r < 8; r++) {
  const [a, b] = r % 2 ? [await harness(r), await bare(r)] : [await bare(r), await harness(r)].reverse();
  if (r >= 2) rows.push([a.rps / b.rps, a.cpu / b.cpu, a.cpu, b.cpu]);
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(clientName, 'rps ratio', med(rows.map(r => r[0])).toFixed(3), 'cpu ratio', med(rows.map(r => r[1])).toFixed(3), 'cpu us', med(rows.map(r => r[2])).toFixed(1), med(rows.map(r => r[3])).toFixed(1));
await target.stop();
