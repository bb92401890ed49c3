import { axiosClient } from './axios.ts';
import { fetchClient } from './fetch.ts';
import { gotClient } from './got.ts';
import { httpClient } from './http.ts';
import type { ClientDefinition } from './http-client.ts';
import { undiciClient } from './undici.ts';

/** The client adapters that come with fanout, by name, in the order tables and `list` show them. */
export const CLIENTS: readonly ClientDefinition[] = [undiciClient, fetchClient, httpClient, axiosClient, gotClient];

export const CLIENT_NAMES = CLIENTS.map((client) => client.name);

/** Clients written outside clients/ (a config's customClients), in the order they were registered. */
const registered: ClientDefinition[] = [];

/** Every client a suite can name: the built-in ones, then the registered ones. */
export function allClients(): readonly ClientDefinition[] {
  return [...CLIENTS, ...registered];
}

export function clientNames(): string[] {
  return allClients().map((client) => client.name);
}

// A name goes into case ids ("limited-pool/my-sdk/c50/n1000") and --clients lists.
const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** Why `client` cannot be registered, or undefined when it can. */
function registrationProblem(client: ClientDefinition): string | undefined {
  const name: unknown = client?.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    return `a client's name is letters, digits, ".", "_" and "-" (it goes into case ids and --clients lists), got ${JSON.stringify(name)}`;
  }
  if (typeof client.summary !== 'string' || client.summary.trim() === '') return `client "${name}" has no one-line summary`;
  if (typeof client.create !== 'function') return `client "${name}" has no create function (make it with defineClient)`;
  if (CLIENT_NAMES.includes(name)) return `"${name}" is a built-in client; give yours another name`;
  if (registered.some((other) => other.name === name && other !== client)) return `a different client named "${name}" is already registered`;
  return undefined;
}

/** Makes a user's client known by name to suites, --clients and `list`; the same object again does nothing. */
export function registerClient(client: ClientDefinition): void {
  const problem = registrationProblem(client);
  if (problem) throw new Error(`registerClient: ${problem}`);
  if (!registered.includes(client)) registered.push(client);
}

export function getClient(name: string): ClientDefinition {
  const client = allClients().find((candidate) => candidate.name === name);
  if (!client) throw new Error(`unknown client "${name}"; valid: ${clientNames().join(', ')}`);
  return client;
}
