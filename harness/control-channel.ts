import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { resourceHint } from './error-kinds.ts';

/** The server keeps an idle connection 72 s; the harness lets go of its own a little before that. */
const CONTROL_IDLE_MS = 60_000;

/** Requests to the target's control routes; `close` ends its one connection. */
export interface ControlChannel {
  call(method: 'GET' | 'POST', path: string): Promise<Buffer>;
  close(): void;
}

/**
 * The harness's own connection to the target's control routes, on node:http and one kept-alive socket
 * for the whole run (a case that uses up the ephemeral ports must not cut the harness off). Not
 * undici: a large control response (the service times, 8 bytes a request) makes undici grow its wasm
 * parser's memory, which detaches an ArrayBuffer, and from then on V8 checks every typed-array access
 * in the process: the measured client ran ~15-20% slower for the rest of the run. Not fetch either: it
 * refuses the Fetch standard's "bad ports" (6000, ...).
 */
export function controlChannel(controlUrl: string, certificate?: string): ControlChannel {
  const https = controlUrl.startsWith('https:');
  const options = { keepAlive: true, maxSockets: 1, timeout: CONTROL_IDLE_MS };
  const agent = https ? new HttpsAgent({ ...options, ca: certificate }) : new HttpAgent(options);
  const request = https ? httpsRequest : httpRequest;
  const call = (method: 'GET' | 'POST', path: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const failed = (error: unknown) =>
        reject(new Error(`the harness could not reach the target (${path}): ${resourceHint(error) ?? (error as Error).message}`));
      const req = request(controlUrl + path, { method, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', failed);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`target control ${path} answered ${status}`));
          else resolve(Buffer.concat(chunks));
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
      req.on('error', failed);
      req.end();
    });
  return { call, close: () => agent.destroy() };
}
