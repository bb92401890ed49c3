import { axiosClient } from './axios.ts';
import { fetchClient } from './fetch.ts';
import { gotClient } from './got.ts';
import { httpClient } from './http.ts';
import type { ClientDefinition } from './http-client.ts';
import { undiciClient } from './undici.ts';

/** Every client adapter, by name. */
export const CLIENTS: readonly ClientDefinition[] = [undiciClient, fetchClient, httpClient, axiosClient, gotClient];

export const CLIENT_NAMES = CLIENTS.map((client) => client.name);

export function getClient(name: string): ClientDefinition {
  const client = CLIENTS.find((candidate) => candidate.name === name);
  if (!client) throw new Error(`unknown client "${name}"; valid: ${CLIENT_NAMES.join(', ')}`);
  return client;
}
