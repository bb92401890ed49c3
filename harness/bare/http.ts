import { Agent as HttpAgent, get as httpGet, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, get as httpsGet } from 'node:https';
import pLimit from 'p-limit';
import { barePath, checkEcho, type BareIdiom } from './idiom.ts';

export const bareHttp: BareIdiom = async ({ url, ca }, requests, concurrency, idPrefix) => {
  const https = url.startsWith('https:');
  const agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency, ca }) : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  const getter = https ? httpsGet : httpGet;
  const limit = pLimit(concurrency);
  const get = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const id = `${idPrefix}-${index}`;
      getter(url + barePath(id, index), { agent }, (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            checkEcho(JSON.parse(text), id);
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      }).on('error', reject);
    });
  try {
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  } finally {
    agent.destroy();
  }
};
