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
