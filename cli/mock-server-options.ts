import { LATENCY_SPEC_HELP } from '../mock-server/latency.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { parseFlags, parseInteger, parseLatencyFlag } from './parse-values.ts';

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
  --seed S         seed of the latency draws; request n gets the same latency for the same seed (default 1)
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
      help: { type: 'boolean', default: false },
    },
  });
  return {
    host: values.host,
    port: parseInteger('port', values.port, 0, 65535),
    latency: parseLatencyFlag(values.latency),
    payloadBytes: parseInteger('payload', values.payload, 0, 64 * 1024 * 1024),
    seed: parseInteger('seed', values.seed, 0, 2 ** 32 - 1),
    help: values.help,
  };
}
