import { fork, type ChildProcess } from 'node:child_process';
import { formatFaults } from '../mock-server/faults.ts';
import { formatLatency } from '../mock-server/latency.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { CONTROL_SERVICE_TIMES_PATH, CONTROL_RESET_PATH, CONTROL_STATS_PATH, type TargetReady } from '../mock-server/protocol.ts';
import type { TargetSnapshot } from '../mock-server/target-stats.ts';
import { controlChannel, type ControlChannel } from './control-channel.ts';
import { siblingModulePath } from './module-path.ts';

// The same entry as `npm run mock-server`, so the harness's target is exactly the standalone one.
const ENTRY = siblingModulePath('../scripts/mock-server', import.meta.url);
const START_TIMEOUT_MS = 15_000;

/**
 * The target's control routes, straight to the server (never through the emulated network), on the
 * harness's own connection (control-channel.ts), so they never touch the measured client's pool, and
 * trusting the target's certificate the same explicit way the clients do.
 */
function controlOf(url: string, controlUrl: string, certificate?: string): Omit<TargetProcess, 'pid' | 'stop'> & { channel: ControlChannel } {
  const channel = controlChannel(controlUrl, certificate);
  return {
    url,
    controlUrl,
    ...(certificate ? { certificate } : {}),
    channel,
    stats: async (withTimeline = false) =>
      JSON.parse((await channel.call('GET', `${CONTROL_STATS_PATH}${withTimeline ? '?timeline=1' : ''}`)).toString('utf8')) as TargetSnapshot,
    serviceTimes: async () => {
      const bytes = await channel.call('GET', CONTROL_SERVICE_TIMES_PATH);
      // A copy of its own, aligned for float64s (a Buffer may sit at any offset of a shared pool).
      return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    },
    reset: async () => void (await channel.call('POST', CONTROL_RESET_PATH)),
  };
}

/**
 * A fanout mock server someone started (`npm run mock-server`), used instead of a child: its settings
 * are its own, and stopping the run leaves it running.
 */
export async function connectTarget(url: string): Promise<TargetProcess> {
  const { channel, ...control } = controlOf(url, url);
  const target = { ...control, pid: -1, stop: async () => channel.close() };
  try {
    await target.stats();
  } catch (error) {
    throw new Error(`no fanout mock server answers at ${url} (${(error as Error).message}); start one with npm run mock-server`);
  }
  return target;
}

/** The mock target running in a child process, so it never shares an event loop with the client. */
export interface TargetProcess {
  /** Where the clients send load: through the emulated network when there is one. */
  readonly url: string;
  /** The server itself, for the control routes, which must not pay the emulated network. */
  readonly controlUrl: string;
  /** The PEM certificate an HTTPS target serves; every client trusts exactly this one. */
  readonly certificate?: string;
  readonly pid: number;
  stats(withTimeline?: boolean): Promise<TargetSnapshot>;
  /** How long the target held each request index since the reset, ms (NaN where none arrived). */
  serviceTimes(): Promise<Float64Array>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the target on `host`; port 0 (a run's choice) takes a free one. A host off loopback needs `allowRemote`. */
export async function startTarget(options: TargetOptions, host = '127.0.0.1', port = 0, allowRemote = false): Promise<TargetProcess> {
  const args = ['--host', host, '--port', String(port), '--latency', formatLatency(options.latency), '--payload', String(options.payloadBytes), '--seed', String(options.seed)];
  if (allowRemote) args.push('--allow-remote');
  if (options.delivery?.chunked) args.push('--chunked');
  if (options.delivery?.slowBodyMs) args.push('--slow-body', String(options.delivery.slowBodyMs));
  if (options.faults && Object.keys(options.faults).length > 0) args.push('--fault', formatFaults(options.faults));
  if (options.rateLimitPerSecond) args.push('--rate-limit', `${options.rateLimitPerSecond}/s`);
  if (options.serviceCpuMs) args.push('--service-cpu', String(options.serviceCpuMs));
  const network = options.network;
  if (network) args.push('--rtt', String(network.rttMs), '--bandwidth', String(network.bandwidthBytesPerSec), ...(network.tls ? ['--tls'] : []));
  // fork() passes this process's execArgv (the tsx loader) on, so the child can run TypeScript too.
  const child = fork(ENTRY, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await waitForReady(child, () => stderr);
  const shownHost = ready.host.includes(':') ? `[${ready.host}]` : ready.host;
  const scheme = ready.certificate ? 'https' : 'http';
  const url = `${scheme}://${shownHost}:${ready.port}`;
  const controlUrl = `${scheme}://${shownHost}:${ready.controlPort}`;
  const { channel, ...control } = controlOf(url, controlUrl, ready.certificate);
  // Stop the child if this process exits without calling stop(): no orphaned targets.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    ...control,
    pid: child.pid ?? -1,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      channel.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForReady(child: ChildProcess, stderr: () => string): Promise<TargetReady> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock server did not start within ${START_TIMEOUT_MS} ms: ${stderr().trim()}`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: TargetReady) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock server exited with code ${code} before listening: ${stderr().trim()}`));
    });
  });
}
