// `npm run mock-server -- [--host H] [--port P] [--latency SPEC] [--payload BYTES] [--rtt MS] [--tls]`:
// the target on its own (it prints its address), or as the harness's child process (it reports its
// addresses and certificate over IPC).
import { exposureOf, MOCK_SERVER_HELP, parseMockServerArgs } from '../cli/mock-server-options.ts';
import { runCli } from '../cli/usage-error.ts';
import { buildTargetApp } from '../mock-server/app.ts';
import { generateTargetCertificate } from '../mock-server/certificate.ts';
import { formatLatency } from '../mock-server/latency.ts';
import { startNetworkRelay, type NetworkRelay } from '../mock-server/network-relay.ts';
import type { TargetReady } from '../mock-server/protocol.ts';

await runCli('mock-server', async () => {
  const options = parseMockServerArgs(process.argv.slice(2));
  if (options.help) {
    console.log(MOCK_SERVER_HELP);
    return 0;
  }
  const { network } = options;
  // Made for this run and kept in memory: no key ever lands on disk.
  const certificate = network.tls ? await generateTargetCertificate() : undefined;
  const { app } = buildTargetApp(options, certificate);
  // A deep accept queue (the kernel caps it at net.core.somaxconn): a burst of thousands of new
  // connections must meet the client's limits, not the mock's default backlog of 511, whose overflow
  // costs each dropped SYN a one-second retransmit.
  // With an emulated network the load port (--port) belongs to the relay and the server takes a free one.
  const emulated = network.rttMs > 0 || network.bandwidthBytesPerSec > 0;
  await app.listen({ host: options.host, port: emulated ? 0 : options.port, backlog: 65535 });
  const address = app.server.address();
  const controlPort = typeof address === 'object' && address ? address.port : options.port;
  let relay: NetworkRelay | undefined;
  if (emulated) {
    relay = await startNetworkRelay({ ...network, listenHost: options.host, listenPort: options.port, upstreamHost: options.host, upstreamPort: controlPort });
  }
  const port = relay ? relay.port : controlPort;
  const exposure = exposureOf(options.host);
  if (exposure) {
    // Allowed by --allow-remote; said once, so a wide address is never a surprise. Through the relay every
    // caller reaches the server from this machine, so the control routes' guard cannot tell them apart.
    const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
    const control = relay
      ? `; through the relay every caller looks local, so the control routes too answer any of them on port ${port} (on port ${controlPort}, loopback callers only)`
      : ' (the control routes still answer loopback callers only)';
    process.stderr.write(`mock-server: listening on ${shownHost}:${port}: ${exposure}; the load route answers any host that can reach it${control}\n`);
  }

  const stop = () => void Promise.all([relay?.close(), app.close()]).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (process.send) {
    // A child of the harness: never outlive the parent.
    process.once('disconnect', stop);
    process.send({ type: 'listening', port, host: options.host, controlPort, ...(certificate ? { certificate: certificate.cert } : {}) } satisfies TargetReady);
  } else {
    const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
    const scheme = certificate ? 'https' : 'http';
    const emulation = emulated ? `, rtt ${network.rttMs} ms, bandwidth ${network.bandwidthBytesPerSec || 'unlimited'} B/s; control routes on ${scheme}://${shown}:${controlPort}` : '';
    console.log(
      `fanout mock server listening on ${scheme}://${shown}:${port} ` +
        `(latency ${formatLatency(options.latency)}, payload ${options.payloadBytes} B${emulation}); Ctrl-C stops it`,
    );
    if (certificate) console.log(`certificate (trust it with curl --cacert FILE):\n${certificate.cert.trim()}`);
  }
  return 0;
});
