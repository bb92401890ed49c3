// Entry of the target process: started by the harness as a child (it reports its port over IPC) or
// standalone through `npm run mock-server` (it prints its address).
import { MOCK_SERVER_HELP, parseMockServerArgs } from '../cli/mock-server-options.ts';
import { runCli } from '../cli/usage-error.ts';
import { buildTargetApp } from './app.ts';
import { formatLatency } from './latency.ts';

export interface TargetReady {
  type: 'listening';
  port: number;
  host: string;
}

await runCli('mock-server', async () => {
  const options = parseMockServerArgs(process.argv.slice(2));
  if (options.help) {
    console.log(MOCK_SERVER_HELP);
    return 0;
  }
  const { app } = buildTargetApp(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (process.send) {
    // A child of the harness: never outlive the parent.
    process.once('disconnect', stop);
    process.send({ type: 'listening', port, host: options.host } satisfies TargetReady);
  } else {
    const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
    console.log(
      `fanout mock server listening on http://${shown}:${port} ` +
        `(latency ${formatLatency(options.latency)}, payload ${options.payloadBytes} B); Ctrl-C stops it`,
    );
  }
  return 0;
});
