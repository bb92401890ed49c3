// The limited-pool idiom written as undici's and p-limit's READMEs write it, with nothing of fanout's:
// N GETs through p-limit(C) on an undici Agent with C connections, each body parsed and its echoed id
// checked. An independent reference for fanout's figures on the same target.
// Usage: node examples/bare-limited-pool.mjs URL [N=20000] [C=50] [ROUNDS=5]  (prints one JSON line a round)
import pLimit from 'p-limit';
import { Agent } from 'undici';

const [url, requests = 20000, concurrency = 50, rounds = 5] = [process.argv[2], ...process.argv.slice(3).map(Number)];
if (!url) throw new Error('usage: node examples/bare-limited-pool.mjs URL [N] [C] [ROUNDS]');

for (let round = 0; round < rounds; round++) {
  const agent = new Agent({ connections: concurrency });
  const limit = pLimit(concurrency);
  const get = async (index) => {
    const id = `bare${round}-${index}`;
    const { body } = await agent.request({ origin: url, path: `/req?id=${id}&n=${index}`, method: 'GET' });
    const echoed = (await body.json()).id;
    if (echoed !== id) throw new Error(`sent ${id}, the target echoed ${echoed}`);
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await agent.close();
  console.log(JSON.stringify({ round, requestsPerSecond: Math.round((requests / ms) * 1000), cpuUsPerRequest: Number(((used.user + used.system) / requests).toFixed(1)) }));
}
