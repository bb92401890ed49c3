import got from 'got';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import pLimit from 'p-limit';
import { barePath, checkEcho, type BareIdiom } from './idiom.ts';

export const bareGot: BareIdiom = async ({ url, ca }, requests, concurrency, idPrefix) => {
  const https = url.startsWith('https:');
  const agent = https ? { https: new HttpsAgent({ keepAlive: true, maxSockets: concurrency, ca }) } : { http: new HttpAgent({ keepAlive: true, maxSockets: concurrency }) };
  const client = got.extend({ prefixUrl: url, agent, retry: { limit: 0 } });
  const limit = pLimit(concurrency);
  const get = async (index: number) => {
    const id = `${idPrefix}-${index}`;
    checkEcho(await client.get(barePath(id, index).slice(1)).json(), id);
  };
  try {
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  } finally {
    (agent.https ?? agent.http)?.destroy();
  }
};
