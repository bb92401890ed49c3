import { Agent } from 'undici';
import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';

export const undiciClient: ClientDefinition = {
  name: 'undici',
  summary: "undici's request() on its own Agent",
  packageName: 'undici',
  create(baseUrl, settings) {
    const agent = new Agent({
      connections: Number.isFinite(settings.maxSockets) ? settings.maxSockets : null,
      // undici's documented switch for "no keep-alive": pipelining 0 closes each connection after use.
      pipelining: settings.keepAlive ? 1 : 0,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    return {
      name: 'undici',
      async send(path, expectedId) {
        const response = await agent.request({ origin: baseUrl, path, method: 'GET' });
        const body = await response.body.json();
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], body);
      },
      close: () => agent.close(),
    };
  },
};
