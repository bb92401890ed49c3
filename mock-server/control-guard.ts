import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback } from './loopback.ts';
import { CONTROL_TOKEN_HEADER } from './protocol.ts';

/** Who may call the control routes besides this machine. */
export interface ControlAccess {
  /** A caller off this machine with this token in x-fanout-control-token may (absent: none may). */
  token?: string;
  /**
   * Where a connection really comes from when a relay in this process forwarded it (the relay's own
   * connection to the server is from this machine); undefined for a connection that did not.
   */
  relayedCaller?: (socket: Socket) => string | undefined;
}

/** A token for the control routes: 128 random bits in hex. */
export function newControlToken(): string {
  return randomBytes(16).toString('hex');
}

/** Compares in time that does not depend on where they differ (both hashed first, so on their lengths neither). */
function sameToken(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

/**
 * The control routes' onRequest guard: a hook on those routes only, which Fastify's router reaches on the
 * decoded path, so every spelling of a control path that the router maps to it meets the guard, and a
 * spelling it does not map is a 404 of no route. Loopback callers pass; any other caller (judged by the
 * address the relay accepted, for a relayed connection) passes with the token only, else gets 403.
 */
export function controlGuard(access: ControlAccess): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  const expected = access.token === undefined ? undefined : createHash('sha256').update(access.token).digest();
  const refusal = expected
    ? `control routes answer this machine, and other callers with the mock's control token in ${CONTROL_TOKEN_HEADER}`
    : 'control routes answer this machine only (a mock started with --allow-remote takes a control token)';
  return (request, reply, done) => {
    const socket = request.socket;
    const caller = access.relayedCaller?.(socket) ?? socket.remoteAddress;
    if (isLoopback(caller)) return done();
    const given = request.headers[CONTROL_TOKEN_HEADER];
    if (expected && typeof given === 'string' && sameToken(given, expected)) return done();
    void reply.code(403).send({ error: refusal });
  };
}
