import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { answerWithFault } from './fault-injection.ts';
import { faultFor, type FaultKind, type FaultSpec } from './faults.ts';
import { latencyFor, type LatencyModel } from './latency.ts';
import { controlGuard, type ControlAccess } from './control-guard.ts';
import { RateLimiter } from './rate-limit.ts';
import type { TargetCertificate } from './certificate.ts';
import type { NetworkProfile } from './network-relay.ts';
import { atOnce, bodyPieces, makeBody, type BodyDelivery } from './payload.ts';
import { CONTROL_SERVICE_TIMES_PATH, CONTROL_RESET_PATH, CONTROL_STATS_PATH, REQUEST_ID_HEADER, REQUEST_PATH } from './protocol.ts';
import { TargetStats } from './target-stats.ts';

export interface TargetOptions {
  latency: LatencyModel;
  /** Seeds the latency and fault draws: the same seed gives every request index the same latency. */
  seed: number;
  payloadBytes: number;
  /** Faults injected per request (probabilities), drawn from (seed, index, attempt). */
  faults?: FaultSpec;
  /** Requests per second accepted before the target answers 429 with Retry-After. */
  rateLimitPerSecond?: number;
  /** CPU the handler keeps busy per request, in ms (an endpoint that computes; absent or 0: none). */
  serviceCpuMs?: number;
  /** How the body goes out, chunked and/or dribbled (absent: all at once, with a content-length). */
  delivery?: BodyDelivery;
  /** The emulated network in front of the target and whether it serves HTTPS (absent: plain loopback). */
  network?: TargetNetwork;
}

export interface TargetNetwork extends NetworkProfile {
  tls: boolean;
}

export interface TargetApp {
  app: FastifyInstance;
  stats: TargetStats;
}

interface RequestQuery {
  id?: string;
  /** The request's index in its iteration; the latency model draws from it (else from arrival order). */
  n?: string;
  /** Which attempt this is (0 first, then retries): a retry gets its own fault draw. */
  a?: string;
  latency?: string;
}

/** Keeps this thread's CPU busy for `ms`, as a handler that computes does: nothing else runs meanwhile. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Answers a request once its latency is over: with its fault, or with its body as the delivery says. */
function respond(request: FastifyRequest, reply: FastifyReply, options: TargetOptions, id: string, latencyMs: number, fault: FaultKind | undefined): void {
  if (fault && fault !== 'hang') return answerWithFault(fault, request, reply, id, latencyMs, options.payloadBytes);
  reply.header(REQUEST_ID_HEADER, id).type('application/json');
  const body = makeBody(id, latencyMs, options.payloadBytes);
  const delivery = options.delivery;
  if (!delivery || atOnce(delivery)) return void reply.send(body);
  if (!delivery.chunked) reply.header('content-length', String(Buffer.byteLength(body)));
  reply.send(Readable.from(bodyPieces(body, delivery)));
}

/**
 * Builds the mock target: one request route that echoes its id after a latency, plus control routes,
 * which `access` says who may call besides this machine. With a certificate it serves HTTPS.
 */
export function buildTargetApp(options: TargetOptions, certificate?: TargetCertificate, access: ControlAccess = {}): TargetApp {
  const app = (
    certificate
      ? Fastify({ logger: false, forceCloseConnections: true, https: { key: certificate.key, cert: certificate.cert } })
      : Fastify({ logger: false, forceCloseConnections: true })
  ) as FastifyInstance;
  const stats = new TargetStats();
  const newLimiter = () => (options.rateLimitPerSecond ? new RateLimiter(options.rateLimitPerSecond) : undefined);
  let limiter = newLimiter();
  // Requests arrive on the TLS socket, not on the TCP socket under it, so that is the one to count.
  app.server.on(certificate ? 'secureConnection' : 'connection', (socket: Socket) => stats.connectionOpened(socket));

  // The request route is the hot path, so it has no hooks, one clock read at arrival and one when the
  // response is done (two more only around a latency), one listener, and a body written out by hand; its
  // closures are inline, since tsx names every closure bound to a variable (a defineProperty each time).
  app.get<{ Querystring: RequestQuery }>(REQUEST_PATH, (request, reply) => {
    const arrivedMs = performance.now();
    const index = stats.requestArrived(request.raw.socket, arrivedMs);
    const { query } = request;
    const id = query.id ?? request.headers[REQUEST_ID_HEADER]?.toString() ?? String(index);
    const drawIndex = query.n === undefined ? index : Number(query.n);
    // 'close' comes once the response is done or its connection ended first: it closes the request's
    // record either way, and gives a service time (arrival to last byte) only to a response that served
    // its latency and went out (not a 400, a 429, a hang or a reset).
    const raw = reply.raw;
    let served = false;
    raw.once('close', () => {
      const nowMs = performance.now();
      stats.requestFinished(nowMs);
      if (served && raw.writableFinished) stats.serviceTime(drawIndex, nowMs - arrivedMs);
    });
    const override = query.latency;
    const latencyMs = override === undefined ? latencyFor(options.latency, options.seed, drawIndex) : Number(override);
    if (!(latencyMs >= 0)) {
      const why = override === undefined ? `n must be a request index >= 0, got "${query.n}"` : `latency must be a number of milliseconds >= 0, got "${override}"`;
      return void reply.code(400).send({ error: why });
    }
    const retryAfter = limiter?.take() ?? 0;
    if (retryAfter > 0) {
      stats.faultInjected('http429');
      return void reply.code(429).header('retry-after', String(retryAfter)).header(REQUEST_ID_HEADER, id).send({ id, error: 'rate limited' });
    }
    const fault = options.faults ? faultFor(options.faults, options.seed, drawIndex, Number(query.a) || 0) : undefined;
    if (fault) stats.faultInjected(fault);
    if (fault === 'hang') return void reply.hijack(); // never answers; the client's timeout ends it
    served = true;
    if (options.serviceCpuMs) busyFor(options.serviceCpuMs);
    // A sync handler answers through reply.send and returns nothing (Fastify would send a returned value).
    if (latencyMs === 0) {
      stats.latencyApplied(0, 0);
      return respond(request, reply, options, id, latencyMs, fault);
    }
    const sleepStartedMs = performance.now();
    setTimeout(() => {
      stats.latencyApplied(performance.now() - sleepStartedMs, latencyMs);
      respond(request, reply, options, id, latencyMs, fault);
    }, latencyMs);
  });

  // The control routes change what a benchmark reports: only this machine, or a caller with the token.
  const guarded = { onRequest: controlGuard(access) };
  app.get<{ Querystring: { timeline?: string } }>(CONTROL_STATS_PATH, guarded, async (request) =>
    stats.snapshot(request.query.timeline === '1'),
  );
  app.get(CONTROL_SERVICE_TIMES_PATH, guarded, async (_request, reply) => reply.type('application/octet-stream').send(stats.serviceTimeBytes()));
  app.post(CONTROL_RESET_PATH, guarded, async () => {
    stats.reset();
    // Every iteration starts with a full bucket, so its 429s do not depend on what ran before it.
    limiter = newLimiter();
    return stats.snapshot();
  });
  return { app, stats };
}
