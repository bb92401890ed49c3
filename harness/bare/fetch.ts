import pLimit from 'p-limit';
import { Agent } from 'undici';
import { barePath, checkEcho, type BareIdiom } from './idiom.ts';

export const bareFetch: BareIdiom = async ({ url, ca }, requests, concurrency, idPrefix) => {
  const dispatcher = new Agent({ connections: concurrency, ...(ca === undefined ? {} : { connect: { ca } }) });
  const limit = pLimit(concurrency);
  const get = async (index: number) => {
    const id = `${idPrefix}-${index}`;
    const response = await fetch(url + barePath(id, index), { dispatcher } as RequestInit);
    checkEcho(await response.json(), id);
  };
  try {
    await Promise.all(Array.from({ length: requests }, (_, index) => limit(() => get(index))));
  } finally {
    await dispatcher.close();
  }
};
