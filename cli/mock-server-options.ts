import { LATENCY_SPEC_HELP } from '../mock-server/latency.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../mock-server/faults.ts';
import { parseRateLimit, RATE_LIMIT_HELP } from '../mock-server/rate-limit.ts';
import { parseFlags, parseInteger, parseLatencyFlag, parseSpec } from './parse-values.ts';

export interface MockServerOptions extends TargetOptions {
  host: string;
  port: number;
  help: boolean;
}

export const MOCK_SERVER_HELP = `Usage: npm run mock-server -- [options]

Runs the fanout mock target on its own, for curl, autocannon or a fanout run with a remote target.

Options:
  --host H         address to listen on (default 127.0.0.1)
  --port P         port, 0 picks a free one (default 0)
  --latency SPEC   ${LATENCY_SPEC_HELP} (default 20)
  --payload BYTES  size of each JSON response body (default 256)
  --seed S         seed of the latency and fault draws; request n gets the same latency for the same seed (default 1)
  --fault SPEC     inject faults: ${FAULT_SPEC_HELP}
  --rate-limit R   answer 429 with Retry-After beyond R requests per second: ${RATE_LIMIT_HELP}
  --help           this text

Routes:
  GET  /req?id=ID[&n=I][&latency=MS]  echoes ID in the body and the x-request-id header after the
                                     latency drawn for index I (or the MS given)
  GET  /__fanout/stats               requests received, connections opened, peak in flight, arrival spread
  POST /__fanout/reset               zeroes those counters`;

export function parseMockServerArgs(argv: string[]): MockServerOptions {
  const { values } = parseFlags({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '20' },
      payload: { type: 'string', default: '256' },
      seed: { type: 'string', default: '1' },
      fault: { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    host: values.host,
    port: parseInteger('port', values.port, 0, 65535),
    latency: parseLatencyFlag(values.latency),
    payloadBytes: parseInteger('payload', values.payload, 0, 64 * 1024 * 1024),
    seed: parseInteger('seed', values.seed, 0, 2 ** 32 - 1),
    ...(values.fault === undefined ? {} : { faults: parseSpec(parseFaultSpec, values.fault) }),
    ...(values['rate-limit'] === undefined ? {} : { rateLimitPerSecond: parseSpec(parseRateLimit, values['rate-limit']) }),
    help: values.help,
  };
}
