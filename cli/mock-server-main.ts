// What `npm run mock-server` does, as a function of its arguments: scripts/mock-server.ts runs it as the
// process's command, tests call it in-process (test/cli-helpers.ts runInProcess) for bad input and --help.
// A target that starts listens until its process is signalled: it belongs to a process of its own.
import { exposureOf, MOCK_SERVER_HELP, parseMockServerArgs, type MockServerOptions } from './mock-server-options.ts';
import { processIo, type CliIo } from './usage-error.ts';
import { buildTargetApp } from '../mock-server/app.ts';
import { newControlToken } from '../mock-server/control-guard.ts';
import { generateTargetCertificate } from '../mock-server/certificate.ts';
import { formatLatency } from '../mock-server/latency.ts';
import { startNetworkRelay, type NetworkRelay } from '../mock-server/network-relay.ts';
import { TARGET_HAND_OFF_ENV, type TargetHandOff } from '../mock-server/hand-off.ts';
import type { TargetReady } from '../mock-server/protocol.ts';

function handedOff(settings: TargetHandOff): MockServerOptions {
  return { ...settings, network: settings.network ?? { rttMs: 0, bandwidthBytesPerSec: 0, tls: false }, help: false };
}

/**
 * The target on its own (it prints its address), or as the harness's child process (it reports its
 * addresses and certificate over IPC); returns once it listens (0), or throws a UsageError for bad input.
 */
export async function mockServerMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  // As the harness's child, it takes the settings the harness checked, in JSON; on its own, its flags.
  const handOff = io.env[TARGET_HAND_OFF_ENV];
  const options: MockServerOptions = handOff ? handedOff(JSON.parse(handOff) as TargetHandOff) : parseMockServerArgs(argv);
  if (options.help) {
    io.stdout.write(`${MOCK_SERVER_HELP}\n`);
    return 0;
  }
  const { network } = options;
  // Made for this run and kept in memory: no key ever lands on disk.
  const certificate = network.tls ? await generateTargetCertificate() : undefined;
  // A mock that other machines may reach takes control calls from them with this token only; one made
  // here is printed (below), one the user gave is theirs already.
  const controlToken = options.controlToken ?? (options.allowRemote ? newControlToken() : undefined);
  let relay: NetworkRelay | undefined;
  // A relayed caller is judged by the address the relay accepted, not by the relay's own connection.
  const { app } = buildTargetApp(options, certificate, {
    ...(controlToken === undefined ? {} : { token: controlToken }),
    relayedCaller: (socket) => relay?.callerOf(socket),
  });
  // A deep accept queue (the kernel caps it at net.core.somaxconn): a burst of thousands of new
  // connections must meet the client's limits, not the mock's default backlog of 511, whose overflow
  // costs each dropped SYN a one-second retransmit.
  // With an emulated network the load port (--port) belongs to the relay and the server takes a free one.
  const emulated = network.rttMs > 0 || network.bandwidthBytesPerSec > 0;
  await app.listen({ host: options.host, port: emulated ? 0 : options.port, backlog: 65535 });
  const address = app.server.address();
  const controlPort = typeof address === 'object' && address ? address.port : options.port;
  if (emulated) {
    relay = await startNetworkRelay({
      ...network,
      listenHost: options.host,
      listenPort: options.port,
      upstreamHost: options.host,
      upstreamPort: controlPort,
      upstreamServer: app.server,
    });
  }
  const port = relay ? relay.port : controlPort;
  const exposure = exposureOf(options.host);
  if (exposure) {
    // Allowed by --allow-remote; said once, so a wide address is never a surprise.
    const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
    const control = relay ? `, on port ${port} (the relay) and ${controlPort} (the server)` : '';
    io.stderr.write(
      `mock-server: listening on ${shownHost}:${port}: ${exposure}; the load route answers any host that can reach it ` +
        `(the control routes${control} answer other hosts only with the control token)\n`,
    );
  }
  if (controlToken !== undefined && options.controlToken === undefined) {
    io.stderr.write(`mock-server: control token ${controlToken}: give it to bench as --control-token (callers off this machine send it in the x-fanout-control-token header)\n`);
  }

  const stop = () => void Promise.all([relay?.close(), app.close()]).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  // As the harness's child, a Ctrl-C or a closed terminal (signals to the whole process group, this child
  // too) is the harness's to handle: it cuts its case off first, then stops the target with a SIGTERM.
  if (process.send) for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => {});
  else process.once('SIGINT', stop);
  if (process.send) {
    // A child of the harness: never outlive the parent.
    process.once('disconnect', stop);
    process.send({ type: 'listening', port, host: options.host, controlPort, ...(certificate ? { certificate: certificate.cert } : {}) } satisfies TargetReady);
  } else {
    const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
    const scheme = certificate ? 'https' : 'http';
    const emulation = emulated ? `, rtt ${network.rttMs} ms, bandwidth ${network.bandwidthBytesPerSec || 'unlimited'} B/s; control routes on ${scheme}://${shown}:${controlPort}` : '';
    io.stdout.write(
      `fanout mock server listening on ${scheme}://${shown}:${port} ` +
        `(latency ${formatLatency(options.latency)}, payload ${options.payloadBytes} B${emulation}); Ctrl-C stops it\n`,
    );
    if (certificate) io.stdout.write(`certificate (trust it with curl --cacert FILE):\n${certificate.cert.trim()}\n`);
  }
  return 0;
}
