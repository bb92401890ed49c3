import { fork, type ChildProcess } from 'node:child_process';
import { UsageError } from '../cli/usage-error.ts';
import { newControlToken } from '../mock-server/control-guard.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { TARGET_HAND_OFF_ENV, type TargetHandOff } from '../mock-server/hand-off.ts';
import { CONTROL_SERVICE_TIMES_PATH, CONTROL_RESET_PATH, CONTROL_STATS_PATH, type TargetReady } from '../mock-server/protocol.ts';
import type { TargetSnapshot } from '../mock-server/target-stats.ts';
import { controlChannel, ControlStatusError, type ControlChannel } from './control-channel.ts';
import { resourceHint } from './error-kinds.ts';
import { siblingModulePath } from './module-path.ts';

// The same entry as `npm run mock-server`, so the harness's target is exactly the standalone one.
const ENTRY = siblingModulePath('../scripts/mock-server', import.meta.url);
const START_TIMEOUT_MS = 15_000;

/** Where a target listens and how to reach its control routes: all another process needs to use it. */
export interface TargetAddress {
  /** Where the clients send load: through the emulated network when there is one. */
  readonly url: string;
  /** The server itself, for the control routes, which must not pay the emulated network. */
  readonly controlUrl: string;
  /** The PEM certificate an HTTPS target serves; every client trusts exactly this one. */
  readonly certificate?: string;
  /** The token its control routes want, when they want one. */
  readonly controlToken?: string;
}

/**
 * The target's control routes, straight to the server (never through the emulated network), on the
 * harness's own connection (control-channel.ts), so they never touch the measured client's pool, and
 * trusting the target's certificate the same explicit way the clients do, and sending its control token
 * when it has one.
 */
function controlOf(address: TargetAddress): Omit<TargetProcess, 'pid' | 'stop'> & { channel: ControlChannel } {
  const { controlUrl, certificate, controlToken } = address;
  const channel = controlChannel(controlUrl, certificate, controlToken);
  return {
    ...address,
    channel,
    stats: async (withTimeline = false, timeoutMs?: number) =>
      JSON.parse((await channel.call('GET', `${CONTROL_STATS_PATH}${withTimeline ? '?timeline=1' : ''}`, timeoutMs)).toString('utf8')) as TargetSnapshot,
    serviceTimes: async (timeoutMs?: number) => {
      const bytes = await channel.call('GET', CONTROL_SERVICE_TIMES_PATH, timeoutMs);
      // A copy of its own, aligned for float64s (a Buffer may sit at any offset of a shared pool).
      return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    },
    reset: async (timeoutMs?: number) => void (await channel.call('POST', CONTROL_RESET_PATH, timeoutMs)),
  };
}

/** A target another process runs, used from this one: stopping it closes only this one's control connection. */
export function targetAt(address: TargetAddress): TargetProcess {
  const { channel, ...control } = controlOf(address);
  return { ...control, pid: -1, stop: async () => channel.close() };
}

/**
 * A fanout mock server someone started (`npm run mock-server`), used instead of a child: its settings
 * are its own, and stopping the run leaves it running. `controlToken` is the one it printed, which a
 * mock on another machine wants on every control call. One that cannot be used (nothing answers, it
 * refuses the control routes, it is no fanout mock) is bad input: a UsageError of one line, before any
 * case runs.
 */
export async function connectTarget(url: string, controlToken?: string): Promise<TargetProcess> {
  const target = targetAt({ url, controlUrl: url, ...(controlToken === undefined ? {} : { controlToken }) });
  try {
    await target.stats();
  } catch (error) {
    await target.stop();
    throw unusableTarget(url, error, controlToken !== undefined);
  }
  return target;
}

function unusableTarget(url: string, error: unknown, tokenGiven: boolean): UsageError {
  if (error instanceof ControlStatusError && error.status === 403) {
    const token = tokenGiven ? 'the --control-token given is not its token' : 'no --control-token was given';
    return new UsageError(`--target ${url} refused the control routes (403): give the token the mock printed as --control-token (${token})`);
  }
  if (error instanceof ControlStatusError) {
    return new UsageError(`--target ${url} answered ${error.status} to GET ${CONTROL_STATS_PATH}: is it a fanout mock server (npm run mock-server)?`);
  }
  const cause = (error as Error).cause ?? error;
  const why = resourceHint(cause) ?? (cause as Error).message;
  return new UsageError(`--target ${url}: no fanout mock server answers there (${why}); start one with npm run mock-server`);
}

/** The mock target running in a child process, so it never shares an event loop with the client. */
export interface TargetProcess extends TargetAddress {
  readonly pid: number;
  /** Each control call rejects after `timeoutMs` without an answer (control-channel.ts: 5 s unless given). */
  stats(withTimeline?: boolean, timeoutMs?: number): Promise<TargetSnapshot>;
  /** How long the target held each request index since the reset, ms (NaN where none arrived). */
  serviceTimes(timeoutMs?: number): Promise<Float64Array>;
  reset(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the target on `host`; port 0 (a run's choice) takes a free one. A host off loopback needs
 * `allowRemote`; the target's control token is then made here, so that the harness has it too (its
 * connection to a LAN address is not a loopback one). `controlToken` fixes it instead.
 */
export async function startTarget(options: TargetOptions, host = '127.0.0.1', port = 0, allowRemote = false, controlToken?: string): Promise<TargetProcess> {
  const token = controlToken ?? (allowRemote ? newControlToken() : undefined);
  const handOff: TargetHandOff = { ...options, host, port, allowRemote, ...(token === undefined ? {} : { controlToken: token }) };
  // fork() passes this process's execArgv (the tsx loader) on, so the child can run TypeScript too.
  // The settings go over as they are, checked already, in JSON: the child parses no command line.
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env: { ...process.env, [TARGET_HAND_OFF_ENV]: JSON.stringify(handOff) } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await waitForReady(child, () => stderr);
  const shownHost = ready.host.includes(':') ? `[${ready.host}]` : ready.host;
  const scheme = ready.certificate ? 'https' : 'http';
  const url = `${scheme}://${shownHost}:${ready.port}`;
  const controlUrl = `${scheme}://${shownHost}:${ready.controlPort}`;
  const { channel, ...control } = controlOf({ url, controlUrl, ...(ready.certificate ? { certificate: ready.certificate } : {}), ...(token === undefined ? {} : { controlToken: token }) });
  // Kill the child if this process exits before it has (stop() not called, or not finished: a second
  // Ctrl-C), SIGKILL because a stopped (SIGSTOP) process acts on no other signal: no orphaned targets.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));

  return {
    ...control,
    pid: child.pid ?? -1,
    stop: async () => {
      channel.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      // A stopped target holds the SIGTERM until it is continued.
      child.kill('SIGCONT');
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
