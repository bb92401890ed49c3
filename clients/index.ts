import type { ClientDefinition } from './http-client.ts';
import { undiciClient } from './undici.ts';

/** Every client adapter, by name. */
export const CLIENTS: readonly ClientDefinition[] = [undiciClient];

export const CLIENT_NAMES = CLIENTS.map((client) => client.name);

export function getClient(name: string): ClientDefinition {
  const client = CLIENTS.find((candidate) => candidate.name === name);
  if (!client) throw new Error(`unknown client "${name}"; valid: ${CLIENT_NAMES.join(', ')}`);
  return client;
}
