// A small client loop for the kernel check (test/netns.test.ts): N requests one after another with the
// undici adapter, on a new connection each (sequential) or one kept-alive connection (shared-agent),
// after a short warm-up. Prints the makespan of each of ROUNDS runs in milliseconds, as JSON.
// Usage: tsx test/client-loop.ts URL sequential|shared-agent N ROUNDS
import { getClient } from '../clients/index.ts';

const [url, strategy, requests, rounds] = process.argv.slice(2);
if (!url || (strategy !== 'sequential' && strategy !== 'shared-agent')) throw new Error('usage: client-loop.ts URL sequential|shared-agent N ROUNDS');
const settings = { keepAlive: strategy === 'shared-agent', maxSockets: 1, timeoutMs: 10_000 };

const runOnce = async (count: number, prefix: string): Promise<number> => {
  const client = await getClient('undici').create(url, settings);
  const started = performance.now();
  for (let index = 0; index < count; index++) await client.send(`/req?id=${prefix}-${index}&n=${index}`, `${prefix}-${index}`);
  const makespan = performance.now() - started;
  await client.close();
  return makespan;
};

await runOnce(3, 'warm');
const makespans: number[] = [];
for (let round = 0; round < Number(rounds); round++) makespans.push(await runOnce(Number(requests), `r${round}`));
console.log(JSON.stringify(makespans));
