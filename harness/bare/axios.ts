import axios from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import pLimit from 'p-limit';
import { barePath, checkEcho, type BareIdiom } from './idiom.ts';

export const bareAxios: BareIdiom = async ({ url, ca }, requests, concurrency, idPrefix) => {
  const agent = url.startsWith('https:') ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency, ca }) : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  const client = axios.create({ baseURL: url, httpAgent: agent, httpsAgent: agent, proxy: false });
  const limit = pLimit(concurrency);
  const get = async (index: number) => {
    const id = `${idPrefix}-${index}`;
    const { data } = await client.get(barePath(id, index));
    checkEcho(data, id);
  };
  try {
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  } finally {
    agent.destroy();
  }
};
