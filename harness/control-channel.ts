import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CONTROL_TOKEN_HEADER } from '../mock-server/protocol.ts';
import { resourceHint } from './error-kinds.ts';

/** The server keeps an idle connection 72 s; the harness lets go of its own a little before that. */
const CONTROL_IDLE_MS = 60_000;

/**
 * How long a control call may take: an idle mock answers in a millisecond or two (its largest answer, the
 * service times, is 800 KB), so a call that takes seconds means the target is stopped or wedged, and a
 * run must not hang on it.
 */
export const CONTROL_TIMEOUT_MS = 5_000;
/** The timeout of a call made at or after the case's deadline, which must end within about a second of it. */
export const LATE_CONTROL_TIMEOUT_MS = 1_000;

/** A control call the target answered with a status other than 2xx (403: it refused the caller). */
export class ControlStatusError extends Error {
  readonly status: number;
  constructor(path: string, status: number) {
    super(`target control ${path} answered ${status}`);
    this.status = status;
  }
}

/** Requests to the target's control routes; `close` ends its one connection. */
export interface ControlChannel {
  /** Rejects if the target has not answered within `timeoutMs` (CONTROL_TIMEOUT_MS unless given). */
  call(method: 'GET' | 'POST', path: string, timeoutMs?: number): Promise<Buffer>;
  close(): void;
}

/**
 * The harness's own connection to the target's control routes, on node:http and one kept-alive socket
 * for the whole run (a case that uses up the ephemeral ports must not cut the harness off). Not
 * undici: a large control response (the service times, 8 bytes a request) makes undici grow its wasm
 * parser's memory, which detaches an ArrayBuffer, and from then on V8 checks every typed-array access
 * in the process: the measured client ran ~15-20% slower for the rest of the run. Not fetch either: it
 * refuses the Fetch standard's "bad ports" (6000, ...). With a token, every call carries it (a target
 * off this machine answers its control routes only with the token it printed).
 */
export function controlChannel(controlUrl: string, certificate?: string, token?: string): ControlChannel {
  const https = controlUrl.startsWith('https:');
  const options = { keepAlive: true, maxSockets: 1, timeout: CONTROL_IDLE_MS };
  const agent = https ? new HttpsAgent({ ...options, ca: certificate }) : new HttpAgent(options);
  const request = https ? httpsRequest : httpRequest;
  const headers = token === undefined ? {} : { [CONTROL_TOKEN_HEADER]: token };
  const call = (method: 'GET' | 'POST', path: string, timeoutMs = CONTROL_TIMEOUT_MS) =>
    new Promise<Buffer>((resolvePromise, rejectPromise) => {
      const timer = setTimeout(() => {
        const seconds = Math.round(timeoutMs / 100) / 10;
        reject(Object.assign(new Error(`the target does not answer its control routes (stopped?): no answer to ${method} ${path} within ${seconds} s`), { code: 'ETIMEDOUT' }));
        req.destroy();
      }, timeoutMs);
      const resolve = (body: Buffer) => (clearTimeout(timer), resolvePromise(body));
      const reject = (error: Error) => (clearTimeout(timer), rejectPromise(error));
      const failed = (error: unknown) =>
        reject(new Error(`the harness could not reach the target (${path}): ${resourceHint(error) ?? (error as Error).message}`, { cause: error }));
      const req = request(controlUrl + path, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', failed);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new ControlStatusError(path, status));
          else resolve(Buffer.concat(chunks));
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
      req.on('error', failed);
      req.end();
    });
  return { call, close: () => agent.destroy() };
}
