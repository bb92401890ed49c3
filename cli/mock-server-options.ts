import { isIP } from 'node:net';
import { LATENCY_SPEC_HELP } from '../mock-server/latency.ts';
import { isLocalHost, unbracketed } from '../mock-server/loopback.ts';
import { Type, type Static } from '@sinclair/typebox';
import type { TargetOptions } from '../mock-server/app.ts';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../mock-server/faults.ts';
import { parseRateLimit, RATE_LIMIT_HELP } from '../mock-server/rate-limit.ts';
import { parseBandwidthFlag, parseControlToken, parseDecimal, parseFlags, parseInteger, parseLatencyFlag, parseRttFlag, parseSpec } from './parse-values.ts';
import { integer, number, numberOrText, onOff, optional, text } from './settings.ts';
import { UsageError } from './usage-error.ts';

export interface MockServerOptions extends TargetOptions {
  network: NonNullable<TargetOptions['network']>;
  host: string;
  /** Whether --allow-remote was given: a --host other than loopback needs it. */
  allowRemote: boolean;
  /** --control-token: what a control call from off this machine must carry (absent: one is made with --allow-remote). */
  controlToken?: string;
  port: number;
  help: boolean;
}

export const MOCK_SERVER_HELP = `Usage: npm run mock-server -- [options]

Runs the fanout mock target on its own, for curl, autocannon or a fanout run with a remote target.

Options:
  --host H         address to listen on (default 127.0.0.1); one that is not loopback (0.0.0.0, ::, a LAN
                   address) needs --allow-remote
  --allow-remote   allow a --host that other machines can reach: the load route then answers them; the
                   control routes answer them only with the control token, which is made at start-up
                   and printed on stderr (default off)
  --control-token T
                   the control token to take instead of a random one: 16 to 256 visible ASCII
                   characters; bench sends it with --control-token (default: random with --allow-remote)
  --port P         port, 0 picks a free one (default 0)
  --latency SPEC   ${LATENCY_SPEC_HELP} (default 20)
  --payload BYTES  size of each JSON response body (default 256)
  --chunked        send bodies with Transfer-Encoding: chunked instead of a content-length
  --slow-body MS   dribble each body out in pieces over MS milliseconds, 0 to 600000 (default 0)
  --seed S         seed of the latency and fault draws; request n gets the same latency for the same seed (default 1)
  --fault SPEC     inject faults: ${FAULT_SPEC_HELP}
  --rate-limit R   answer 429 with Retry-After beyond R requests per second: ${RATE_LIMIT_HELP}
  --service-cpu MS keep the CPU busy for MS milliseconds in every request's handler, as an endpoint
                   that computes: the target's one event loop then limits its throughput; 0 to 10000 (default 0)
  --rtt MS         emulate a network: a relay in front of the server adds MS of round trip to every
                   exchange, and one more to each new connection (its TCP handshake); 0 to 10000 (default 0)
  --bandwidth B/S  cap each connection at B bytes per second in each direction, through the same relay;
                   0 to 10000000000, 0 for no cap (default 0)
  --tls            serve HTTPS with a certificate made at start-up for 127.0.0.1, ::1 and localhost;
                   its PEM is printed so a client can trust it (default: plain HTTP)
  --help           this text

The control routes answer callers on this machine, and others that send the control token in the
x-fanout-control-token header (403 otherwise). Through the relay a caller is judged by its own address,
not by the relay's. The harness calls them on the server's own port (the control address), so they
never pay the emulated network.

Routes:
  GET  /req?id=ID[&n=I][&latency=MS]  echoes ID in the body and the x-request-id header after the
                                     latency drawn for index I (or the MS given)
  GET  /__fanout/stats               requests received, connections opened, peak in flight, arrival spread
  POST /__fanout/reset               zeroes those counters`;

/** The flags in camelCase, as the API's startMockServer takes them. */
export const MockServerSettingsSchema = Type.Object(
  {
    host: optional(text),
    port: optional(integer),
    latency: optional(numberOrText),
    payload: optional(integer),
    seed: optional(integer),
    fault: optional(text),
    rateLimit: optional(text),
    rtt: optional(number),
    bandwidth: optional(integer),
    tls: optional(onOff),
    chunked: optional(onOff),
    slowBody: optional(integer),
    serviceCpu: optional(number),
    allowRemote: optional(onOff),
    controlToken: optional(text),
  },
  { additionalProperties: false },
);
export type MockServerSettings = Static<typeof MockServerSettingsSchema>;

/**
 * What listening on `host` exposes beyond this machine, in words ("every IPv4 interface of this
 * machine"); undefined for a loopback address or localhost, which nothing else can reach.
 */
export function exposureOf(host: string): string | undefined {
  if (isLocalHost(host)) return undefined;
  const bare = unbracketed(host).toLowerCase();
  if (bare === '0.0.0.0') return 'every IPv4 interface of this machine';
  if (isIP(bare) === 6 && new URL(`http://[${bare}]`).hostname === '[::]') return 'every interface of this machine (IPv6, and IPv4 too where the system maps it)';
  if (isIP(bare) !== 0) return `the address ${bare} of this machine`;
  return `the addresses of this machine that "${host}" resolves to`;
}

/** --host: an address to listen on, loopback unless --allow-remote says that other machines may reach it. */
function checkedHost(host: string, allowRemote: boolean): string {
  if (host.trim() === '') {
    throw new UsageError('--host needs an address to listen on, got ""; leave it out for 127.0.0.1 (this machine only)');
  }
  const exposure = exposureOf(host);
  if (exposure && !allowRemote) {
    throw new UsageError(`--host ${host} would expose the mock server on ${exposure}: any host that can reach it could send it load; add --allow-remote if that is what you mean, or leave --host out for 127.0.0.1 (this machine only)`);
  }
  return unbracketed(host);
}

export function parseMockServerArgs(argv: string[]): MockServerOptions {
  const { values } = parseFlags({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      'control-token': { type: 'string' },
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '20' },
      payload: { type: 'string', default: '256' },
      seed: { type: 'string', default: '1' },
      fault: { type: 'string' },
      'rate-limit': { type: 'string' },
      rtt: { type: 'string', default: '0' },
      bandwidth: { type: 'string', default: '0' },
      tls: { type: 'boolean', default: false },
      chunked: { type: 'boolean', default: false },
      'slow-body': { type: 'string', default: '0' },
      'service-cpu': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    host: checkedHost(values.host, values['allow-remote']),
    allowRemote: values['allow-remote'],
    ...(values['control-token'] === undefined ? {} : { controlToken: parseControlToken(values['control-token']) }),
    port: parseInteger('port', values.port, 0, 65535),
    latency: parseLatencyFlag(values.latency),
    payloadBytes: parseInteger('payload', values.payload, 0, 64 * 1024 * 1024),
    delivery: { chunked: values.chunked, slowBodyMs: parseInteger('slow-body', values['slow-body'], 0, 600_000) },
    seed: parseInteger('seed', values.seed, 0, 2 ** 32 - 1),
    serviceCpuMs: parseDecimal('service-cpu', values['service-cpu'], 0, 10_000),
    ...(values.fault === undefined ? {} : { faults: parseSpec(parseFaultSpec, values.fault) }),
    ...(values['rate-limit'] === undefined ? {} : { rateLimitPerSecond: parseSpec(parseRateLimit, values['rate-limit']) }),
    network: { rttMs: parseRttFlag(values.rtt), bandwidthBytesPerSec: parseBandwidthFlag(values.bandwidth), tls: values.tls },
    help: values.help,
  };
}
