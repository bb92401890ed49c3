import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';
import type { Agent as HttpsAgent } from 'node:https';
import { destroyNow, isHttps, nodeAgent } from './node-agent.ts';

export const gotClient: ClientDefinition = {
  name: 'got',
  summary: 'got with its own http.Agent, retries off',
  package: 'got',
  async create(baseUrl, settings) {
    // Loaded when a case uses it: an unused client's library is not part of every run's memory.
    const { default: got } = await import('got');
    const agent = nodeAgent(baseUrl, settings);
    const instance = got.extend({
      agent: isHttps(baseUrl) ? { https: agent as HttpsAgent } : { http: agent },
      timeout: { request: settings.timeoutMs },
      // got retries twice by default; no other client does, and a retry would hide a failure.
      retry: { limit: 0 },
      // Statuses are judged by verifyResponse, the same way for every client.
      throwHttpErrors: false,
      responseType: 'json',
    });
    return {
      name: 'got',
      async send(path, expectedId) {
        const response = await instance.get<unknown>(baseUrl + path);
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], response.body, response.headers['retry-after']);
      },
      close: async () => agent.destroy(),
      destroy: async () => destroyNow(agent),
    };
  },
};
