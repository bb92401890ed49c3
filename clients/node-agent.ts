import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { ClientSettings } from './http-client.ts';

/** node:http's default initial delay of TCP keep-alive probes on a pooled socket. */
const KEEP_ALIVE_MSECS = 1000;

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

/**
 * Gives every socket of `agent` node:http's own socket timeout, set once when the socket is made, instead
 * of once per request: the request `timeout` option re-arms the socket's timer and adds a `timeout` and two
 * `once` listeners per request, which cost node:http 15-19% more client CPU per request than its bare
 * loop at latency 0 (docs/findings.md, "What the harness costs"). A socket quiet for `timeoutMs`, in a request or
 * idle in the pool, is destroyed with ETIMEDOUT, which fails the request on it, as the option does.
 */
export function timeSocketsOut(agent: HttpAgent, timeoutMs: number): void {
  const timedOut = () => Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' });
  const createConnection = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = createConnection(options, callback) as Socket | undefined;
    socket?.setTimeout(timeoutMs, () => socket.destroy(timedOut()));
    return socket;
  };
  // The Agent's own keepSocketAlive sets a pooled socket's timeout back to the agent's (none); this is
  // the rest of what it does for an agent made by nodeAgent (default keepAliveMsecs).
  agent.keepSocketAlive = (pooled) => {
    const socket = pooled as Socket;
    socket.setKeepAlive(true, KEEP_ALIVE_MSECS);
    socket.unref();
    return true;
  };
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
