// `npm run mock-server -- [--host H] [--port P] [--latency SPEC] [--payload BYTES]`: the target on its own
// (it prints its address), or as the harness's child process (it reports its port over IPC).
import { MOCK_SERVER_HELP, parseMockServerArgs } from '../cli/mock-server-options.ts';
import { runCli } from '../cli/usage-error.ts';
import { buildTargetApp } from '../mock-server/app.ts';
import { formatLatency } from '../mock-server/latency.ts';
import type { TargetReady } from '../mock-server/protocol.ts';

await runCli('mock-server', async () => {
  const options = parseMockServerArgs(process.argv.slice(2));
  if (options.help) {
    console.log(MOCK_SERVER_HELP);
    return 0;
  }
  const { app } = buildTargetApp(options);
  // A deep accept queue (the kernel caps it at net.core.somaxconn): a burst of thousands of new
  // connections must meet the client's limits, not the mock's default backlog of 511, whose overflow
  // costs each dropped SYN a one-second retransmit.
  await app.listen({ host: options.host, port: options.port, backlog: 65535 });
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
