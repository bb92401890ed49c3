import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';
import { undiciAgent } from './undici-agent.ts';

export const fetchClient: ClientDefinition = {
  name: 'fetch',
  summary: "Node's global fetch, given its own undici Agent as dispatcher",
  // Its dispatcher is the undici package's Agent; fetch itself is the undici bundled with Node.
  package: 'undici',
  bundled: 'undici',
  async create(baseUrl, settings) {
    // Node's fetch accepts an undici dispatcher; its own global one would be shared with everything else
    // in the process and could not be capped, timed out or closed per case.
    const dispatcher = undiciAgent(settings);
    return {
      name: 'fetch',
      async send(path, expectedId) {
        // The timeout is the dispatcher's headersTimeout/bodyTimeout, as for undici. AbortSignal.timeout
        // per request would add 24 us of CPU to fetch's 130 (overhead suite, latency 0, C=50).
        const init = { dispatcher };
        const response = await fetch(baseUrl + path, init as RequestInit);
        const body: unknown = await response.json();
        verifyResponse(response.status, expectedId, response.headers.get(REQUEST_ID_HEADER), body, response.headers.get('retry-after'));
      },
      close: () => dispatcher.close(),
      destroy: () => dispatcher.destroy(),
    };
  },
};
