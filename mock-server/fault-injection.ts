import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultKind } from './faults.ts';
import { makeBody } from './payload.ts';
import { REQUEST_ID_HEADER } from './protocol.ts';

/**
 * Answers a request with its fault instead of the normal response (after its latency). `hang` is
 * handled before the latency: it never answers at all.
 */
export function answerWithFault(
  fault: Exclude<FaultKind, 'hang'>,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  latencyMs: number,
  payloadBytes: number,
): void {
  const body = makeBody(id, latencyMs, payloadBytes);
  switch (fault) {
    case 'http500':
      reply.code(500).header(REQUEST_ID_HEADER, id).type('application/json').send(JSON.stringify({ id, error: 'injected fault' }));
      return;
    case 'malformed':
      // A complete HTTP response whose JSON body is cut short: the client's parser must refuse it.
      reply.header(REQUEST_ID_HEADER, id).type('application/json').send(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    case 'reset': {
      // Headers and half the body, then a TCP reset in the middle of the response.
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length), [REQUEST_ID_HEADER]: id });
      raw.write(body.slice(0, Math.floor(body.length / 2)), () => request.raw.socket.resetAndDestroy());
      return;
    }
    case 'empty':
      // The connection closes without a single byte of response.
      reply.hijack();
      request.raw.socket.destroy();
      return;
  }
}
