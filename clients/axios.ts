import { REQUEST_ID_HEADER } from '../mock-server/protocol.ts';
import { verifyResponse, type ClientDefinition } from './http-client.ts';
import { destroyNow, nodeAgent } from './node-agent.ts';

export const axiosClient: ClientDefinition = {
  name: 'axios',
  summary: 'axios (its node:http adapter) with its own http.Agent',
  package: 'axios',
  async create(baseUrl, settings) {
    // Loaded when a case uses it: an unused client's library is not part of every run's memory.
    const { default: axios } = await import('axios');
    const agent = nodeAgent(baseUrl, settings);
    const instance = axios.create({
      baseURL: baseUrl,
      // axios picks the agent by the URL's scheme; the other one is never used.
      httpAgent: agent,
      httpsAgent: agent,
      timeout: settings.timeoutMs,
      // Never through an HTTP(S)_PROXY from the environment: every load stays on this machine.
      proxy: false,
      // Statuses are judged by verifyResponse, the same way for every client.
      validateStatus: () => true,
      // Asked for JSON explicitly, axios refuses a broken body; by default it hands it back as a string.
      responseType: 'json',
      transitional: { silentJSONParsing: false, forcedJSONParsing: true, clarifyTimeoutError: true },
    });
    return {
      name: 'axios',
      async send(path, expectedId) {
        const response = await instance.get<unknown>(path);
        verifyResponse(response.status, expectedId, response.headers[REQUEST_ID_HEADER], response.data, response.headers['retry-after']);
      },
      close: async () => agent.destroy(),
      destroy: async () => destroyNow(agent),
    };
  },
};
