import Fastify, { type FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerWithFault } from './fault-injection.ts';
import { faultFor, type FaultSpec } from './faults.ts';
import { latencyFor, type LatencyModel } from './latency.ts';
import { isLoopback } from './loopback.ts';
import { RateLimiter } from './rate-limit.ts';
import type { TargetCertificate } from './certificate.ts';
import type { NetworkProfile } from './network-relay.ts';
import { bodyPieces, makeBody, type BodyDelivery } from './payload.ts';
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
  /** A chunked and/or slow body (absent: all at once, with a content-length). */
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

const CONTROL_PATHS = new Set([CONTROL_STATS_PATH, CONTROL_RESET_PATH, CONTROL_SERVICE_TIMES_PATH]);

/**
 * Builds the mock target: one request route that echoes its id after a latency, plus control routes.
 * With a certificate it serves HTTPS.
 */
export function buildTargetApp(options: TargetOptions, certificate?: TargetCertificate): TargetApp {
  const app = (
    certificate
      ? Fastify({ logger: false, forceCloseConnections: true, https: { key: certificate.key, cert: certificate.cert } })
      : Fastify({ logger: false, forceCloseConnections: true })
  ) as FastifyInstance;
  const stats = new TargetStats();
  const arrivals = new WeakMap<object, bigint>();
  const newLimiter = () => (options.rateLimitPerSecond ? new RateLimiter(options.rateLimitPerSecond) : undefined);
  let limiter = newLimiter();
  // Requests arrive on the TLS socket, not on the TCP socket under it, so that is the one to count.
  app.server.on(certificate ? 'secureConnection' : 'connection', (socket: Socket) => stats.connectionOpened(socket));

  // The control routes change what a benchmark reports: only this machine may call them.
  app.addHook('onRequest', async (request, reply) => {
    if (CONTROL_PATHS.has(request.url.split('?')[0]!) && !isLoopback(request.socket.remoteAddress)) {
      return reply.code(403).send({ error: 'control routes answer loopback callers only' });
    }
  });

  // Arrival is stamped at the first hook, before routing, so the service time covers all of the
  // target's own handling.
  app.addHook('onRequest', async (request) => {
    arrivals.set(request.raw, process.hrtime.bigint());
  });

  app.get<{ Querystring: RequestQuery }>(REQUEST_PATH, async (request, reply) => {
    const arrivedNs = arrivals.get(request.raw) ?? process.hrtime.bigint();
    const index = stats.requestArrived(request.raw.socket);
    reply.raw.once('close', () => stats.requestFinished());
    const id = request.query.id ?? request.headers[REQUEST_ID_HEADER]?.toString() ?? String(index);
    const override = request.query.latency;
    const drawIndex = request.query.n === undefined ? index : Number(request.query.n);
    const latencyMs = override === undefined ? latencyFor(options.latency, options.seed, drawIndex) : Number(override);
    if (!(latencyMs >= 0)) {
      const why = override === undefined ? `n must be a request index >= 0, got "${request.query.n}"` : `latency must be a number of milliseconds >= 0, got "${override}"`;
      return reply.code(400).send({ error: why });
    }
    const retryAfter = limiter?.take() ?? 0;
    if (retryAfter > 0) {
      stats.faultInjected('http429');
      return reply.code(429).header('retry-after', String(retryAfter)).header(REQUEST_ID_HEADER, id).send({ id, error: 'rate limited' });
    }
    const fault = options.faults ? faultFor(options.faults, options.seed, drawIndex, Number(request.query.a) || 0) : undefined;
    if (fault) stats.faultInjected(fault);
    if (fault === 'hang') return reply.hijack(); // never answers; the client's timeout ends it
    reply.raw.once('finish', () => stats.serviceTime(drawIndex, Number(process.hrtime.bigint() - arrivedNs) / 1e6));
    const started = process.hrtime.bigint();
    if (latencyMs > 0) await sleep(latencyMs);
    stats.latencyApplied(Number(process.hrtime.bigint() - started) / 1e6, latencyMs);
    if (fault) return answerWithFault(fault, request, reply, id, latencyMs, options.payloadBytes);
    reply.header(REQUEST_ID_HEADER, id).type('application/json');
    const body = makeBody(id, latencyMs, options.payloadBytes);
    const delivery = options.delivery;
    if (!delivery || (!delivery.chunked && delivery.slowBodyMs === 0)) return body;
    if (!delivery.chunked) reply.header('content-length', String(Buffer.byteLength(body)));
    return reply.send(Readable.from(bodyPieces(body, delivery)));
  });

  app.get<{ Querystring: { timeline?: string } }>(CONTROL_STATS_PATH, async (request) =>
    stats.snapshot(request.query.timeline === '1'),
  );
  app.get(CONTROL_SERVICE_TIMES_PATH, async (_request, reply) => reply.type('application/octet-stream').send(stats.serviceTimeBytes()));
  app.post(CONTROL_RESET_PATH, async () => {
    stats.reset();
    // Every iteration starts with a full bucket, so its 429s do not depend on what ran before it.
    limiter = newLimiter();
    return stats.snapshot();
  });
  return { app, stats };
}
