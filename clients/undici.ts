import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';
import { undiciAgent } from './undici-agent.ts';

export const undiciClient: ClientDefinition = {
  name: 'undici',
  summary: "undici's request() on its own Agent",
  package: 'undici',
  async create(baseUrl, settings) {
    const agent = undiciAgent(settings);
    return {
      name: 'undici',
      async send(path, expectedId) {
        const response = await agent.request({ origin: baseUrl, path, method: 'GET' });
        const body = await response.body.json();
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], body, response.headers['retry-after']);
      },
      close: () => agent.close(),
      destroy: () => agent.destroy(),
    };
  },
};
