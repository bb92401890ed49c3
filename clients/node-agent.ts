import { Agent } from 'node:http';
import type { ClientSettings } from './http-client.ts';

/**
 * A node:http Agent with the shared settings, for the clients built on node:http (http, axios, got).
 * Node's global agent keeps connections alive since Node 19, so keep-alive is set explicitly either way;
 * with keepAlive false the agent destroys each socket once its response is done.
 */
export function nodeAgent(settings: ClientSettings): Agent {
  return new Agent({ keepAlive: settings.keepAlive, maxSockets: settings.maxSockets });
}
