import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ClientSettings } from './http-client.ts';

/**
 * A node:http (or, for an https target, node:https) Agent with the shared settings, for the clients
 * built on node:http (http, axios, got). Node's global agent keeps connections alive since Node 19, so
 * keep-alive is set explicitly either way; with keepAlive false the agent destroys each socket once its
 * response is done. An https agent trusts the target's certificate explicitly (`ca`); checks stay on.
 */
export function nodeAgent(baseUrl: string, settings: ClientSettings): HttpAgent {
  const options = { keepAlive: settings.keepAlive, maxSockets: settings.maxSockets };
  return isHttps(baseUrl) ? new HttpsAgent({ ...options, ca: settings.ca }) : new HttpAgent(options);
}

export function isHttps(baseUrl: string): boolean {
  return baseUrl.startsWith('https:');
}

/**
 * Fails every request of the agent now. `destroy()` ends the sockets, but a node:http Agent then opens
 * new ones for the requests still queued in it (`agent.requests`, past maxSockets), so those are
 * destroyed first. Closing, when the requests are done, is `agent.destroy()` alone: an Agent has no
 * graceful close.
 */
export function destroyNow(agent: HttpAgent): void {
  const cutOff = Object.assign(new Error('the client was closed'), { code: 'ERR_CLIENT_DESTROYED' });
  for (const queue of Object.values(agent.requests)) for (const request of queue ?? []) request.destroy(cutOff);
  agent.destroy();
}
