import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';
import { destroyNow, isHttps, nodeAgent, timeSocketsOut } from './node-agent.ts';

export const httpClient: ClientDefinition = {
  name: 'http',
  summary: 'node:http request() with its own http.Agent',
  async create(baseUrl, settings) {
    const agent = nodeAgent(baseUrl, settings);
    timeSocketsOut(agent, settings.timeoutMs);
    const request = isHttps(baseUrl) ? httpsRequest : httpRequest;
    const send = (path: string) =>
      new Promise<{ status: number; header: unknown; retryAfter: unknown; text: string }>((resolve, reject) => {
        const req = request(baseUrl + path, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, header: res.headers[REQUEST_ID_HEADER], retryAfter: res.headers['retry-after'], text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    return {
      name: 'http',
      async send(path, expectedId) {
        const { status, header, retryAfter, text } = await send(path);
        // Judge the status first: an error page need not be JSON.
        if (status < 200 || status >= 300) verifyResponse(status, expectedId, header, undefined, retryAfter);
        verifyResponse(status, expectedId, header, JSON.parse(text), retryAfter);
      },
      close: async () => agent.destroy(),
      destroy: async () => destroyNow(agent),
    };
  },
};
