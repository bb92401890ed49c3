import type { TargetOptions } from '../../mock-server/app.ts';
import { LATENCY_SPEC_HELP, parseLatencySpec } from '../../mock-server/latency.ts';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../../mock-server/faults.ts';
import { parseRateLimit, RATE_LIMIT_HELP } from '../../mock-server/rate-limit.ts';
import { parseControlToken } from '../parse-values.ts';
import { duration, integer, onOff, spec, text, type ValuesOf } from './option.ts';
import { defaultsOf } from './table.ts';

// The target's settings, which npm run bench and npm run mock-server share: declared once, with the
// mock's defaults, which are also the default suite's.

export const TARGET_OPTIONS = {
  latency: spec({
    group: 'target',
    placeholder: 'SPEC',
    help: `target latency: ${LATENCY_SPEC_HELP}`,
    default: '20ms',
    read: (raw) => (parseLatencySpec(raw), raw),
  }),
  payload: integer({ group: 'target', placeholder: 'BYTES', help: 'size of each JSON response body', min: 0, max: 64 * 1024 * 1024, unit: 'bytes', default: 256 }),
  chunked: onOff({ group: 'target', help: 'the target sends bodies with Transfer-Encoding: chunked instead of a content-length', default: false }),
  slowBody: duration({ group: 'target', help: 'the target dribbles each body out in pieces over this long', min: 0, max: 600_000, bareUnit: 'ms', whole: true, default: 0 }),
  fault: text({
    group: 'target',
    placeholder: 'SPEC',
    help: `faults the target injects: ${FAULT_SPEC_HELP}`,
    default: '',
    defaultText: 'none',
    read: (raw) => (parseFaultSpec(raw), raw),
  }),
  rateLimit: text({
    group: 'target',
    placeholder: 'R',
    help: `the target answers 429 with Retry-After beyond ${RATE_LIMIT_HELP}`,
    default: '',
    defaultText: 'none',
    read: (raw) => (parseRateLimit(raw), raw),
  }),
  rtt: duration({ group: 'target', help: 'emulated round trip in front of the target: a relay delays every exchange by it and each new connection by one more', min: 0, max: 10_000, bareUnit: 'ms', default: 0 }),
  bandwidth: integer({ group: 'target', placeholder: 'B/S', help: 'bandwidth cap per connection and direction through that relay, 0 for none', min: 0, max: 10_000_000_000, unit: 'bytes/s', default: 0 }),
  tls: onOff({ group: 'target', help: 'the target serves HTTPS with a certificate made at start-up for 127.0.0.1, ::1 and localhost, which every client trusts explicitly', default: false }),
};

/** The target's settings as a suite, a report and the mock server hold them (durations in ms). */
export type TargetSettings = ValuesOf<typeof TARGET_OPTIONS>;
export const TARGET_DEFAULTS = defaultsOf(TARGET_OPTIONS) as TargetSettings;

/** Settings both commands have, about the draws and about who may reach the mock. */
export const SEED_OPTION = integer({ group: 'measurement', placeholder: 'S', help: 'seed of the latency and fault draws (request n gets the same latency for the same seed) and of the round order', min: 0, max: 2 ** 32 - 1, default: 1 });

export const ACCESS_OPTIONS = {
  allowRemote: onOff({ group: 'target', help: 'allow a target that other machines can reach', default: false }),
  controlToken: text({
    group: 'target',
    placeholder: 'T',
    help: 'the control token to take instead of a random one: 16 to 256 visible ASCII characters; bench sends it with --control-token',
    defaultText: 'none',
    read: parseControlToken,
  }),
};

export const SERVICE_CPU_OPTION = duration({ group: 'target', help: "CPU kept busy in every request's handler, as an endpoint that computes: the target's one event loop then limits its throughput", min: 0, max: 10_000, bareUnit: 'ms', default: 0 });

/** The target's settings as the mock's app takes them: specs parsed, and `seed` and the service CPU added. */
export function targetOptionsOf(settings: TargetSettings, seed: number, serviceCpu = 0): TargetOptions {
  return {
    latency: parseLatencySpec(settings.latency),
    seed,
    payloadBytes: settings.payload,
    ...(settings.chunked || settings.slowBody ? { delivery: { chunked: settings.chunked, slowBodyMs: settings.slowBody } } : {}),
    ...(settings.fault ? { faults: parseFaultSpec(settings.fault) } : {}),
    ...(settings.rateLimit ? { rateLimitPerSecond: parseRateLimit(settings.rateLimit) } : {}),
    ...(serviceCpu ? { serviceCpuMs: serviceCpu } : {}),
    network: { rttMs: settings.rtt, bandwidthBytesPerSec: settings.bandwidth, tls: settings.tls },
  };
}
