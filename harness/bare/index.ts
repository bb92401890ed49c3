import { bareAxios } from './axios.ts';
import { bareFetch } from './fetch.ts';
import { bareGot } from './got.ts';
import { bareHttp } from './http.ts';
import type { BareClient, BareIdiom } from './idiom.ts';
import { bareUndici } from './undici.ts';

/** Each built-in client's bare loop, by client name (see idiom.ts). */
export const BARE_IDIOMS: Readonly<Record<BareClient, BareIdiom>> = {
  undici: bareUndici,
  fetch: bareFetch,
  http: bareHttp,
  axios: bareAxios,
  got: bareGot,
};
