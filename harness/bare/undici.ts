import pLimit from 'p-limit';
import { Agent } from 'undici';
import { barePath, checkEcho, type BareIdiom } from './idiom.ts';

export const bareUndici: BareIdiom = async ({ url, ca }, requests, concurrency, idPrefix) => {
  const agent = new Agent({ connections: concurrency, ...(ca === undefined ? {} : { connect: { ca } }) });
  const limit = pLimit(concurrency);
  const get = async (index: number) => {
    const id = `${idPrefix}-${index}`;
    const { body } = await agent.request({ origin: url, path: barePath(id, index), method: 'GET' });
    checkEcho(await body.json(), id);
  };
  try {
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  } finally {
    await agent.close();
  }
};
