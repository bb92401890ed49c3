import { Agent } from 'undici';
import type { ClientSettings } from './http-client.ts';

/** An undici Agent with the shared settings, for the clients built on undici (undici, fetch). */
export function undiciAgent(settings: ClientSettings): Agent {
  return new Agent({
    connections: Number.isFinite(settings.maxSockets) ? settings.maxSockets : null,
    // undici's documented switch for "no keep-alive": pipelining 0 closes each connection after use.
    pipelining: settings.keepAlive ? 1 : 0,
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
    // Trust the target's own certificate and nothing else; certificate checks stay on.
    ...(settings.ca === undefined ? {} : { connect: { ca: settings.ca } }),
  });
}
