import { isIP } from 'node:net';
import { isLocalHost, unbracketed } from '../mock-server/loopback.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import { integer, onOff, text, type SettingsInput, type ValuesOf } from './options/option.ts';
import { checkSettingsObject, defaultsOf, parseCommandLine, renderOptions, settingsSchema } from './options/table.ts';
import { ACCESS_OPTIONS, SEED_OPTION, SERVICE_CPU_OPTION, TARGET_OPTIONS, targetOptionsOf } from './options/target.ts';
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

/** Every setting of npm run mock-server: its flags, startMockServer's options, its --help. */
export const MOCK_SERVER_OPTIONS = {
  host: text({ group: 'listen', placeholder: 'H', help: 'address to listen on; one that is not loopback (0.0.0.0, ::, a LAN address) needs --allow-remote', default: '127.0.0.1' }),
  port: integer({ group: 'listen', placeholder: 'P', help: 'port, 0 picks a free one', min: 0, max: 65535, default: 0 }),
  ...TARGET_OPTIONS,
  seed: SEED_OPTION,
  serviceCpu: SERVICE_CPU_OPTION,
  allowRemote: {
    ...ACCESS_OPTIONS.allowRemote,
    group: 'listen',
    help: 'allow a --host that other machines can reach: the load route then answers them; the control routes answer them only with the control token, which is made at start-up and printed on stderr',
  },
  controlToken: { ...ACCESS_OPTIONS.controlToken, group: 'listen' },
  help: onOff({ group: 'other', help: 'this text', commandLineOnly: true }),
};

export const MOCK_SERVER_GROUPS = [
  { id: 'listen', title: 'Where it listens, and who may call it' },
  { id: 'target', title: 'What it serves' },
  { id: 'measurement', title: 'Draws' },
  { id: 'other', title: 'Other' },
];

export const MOCK_SERVER_HELP = `Usage: fanout mock-server [options]
       npm run mock-server -- [options]   (in fanout's own checkout)

Runs the fanout mock target on its own, for curl, autocannon or a fanout run with a remote target.

${renderOptions(MOCK_SERVER_OPTIONS, MOCK_SERVER_GROUPS)}

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
export const MockServerSettingsSchema = settingsSchema(MOCK_SERVER_OPTIONS);
export type MockServerSettings = SettingsInput<Omit<ValuesOf<typeof MOCK_SERVER_OPTIONS>, 'help'>>;

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

type MockServerValues = Partial<ValuesOf<typeof MOCK_SERVER_OPTIONS>>;

/** The mock server's options from checked values (a command line's, or startMockServer's), defaults filled in. */
export function mockServerOptionsOf(given: MockServerValues): MockServerOptions {
  const values = { ...defaultsOf(MOCK_SERVER_OPTIONS), ...given } as ValuesOf<typeof MOCK_SERVER_OPTIONS>;
  const { host, port, seed, serviceCpu, allowRemote, controlToken, help } = values;
  const target = targetOptionsOf(values, seed, serviceCpu);
  return {
    ...target,
    network: target.network!,
    host: checkedHost(host, allowRemote),
    allowRemote,
    ...(controlToken === undefined ? {} : { controlToken }),
    port,
    help: help === true,
  };
}

export function parseMockServerArgs(argv: string[]): MockServerOptions {
  return mockServerOptionsOf(parseCommandLine(MOCK_SERVER_OPTIONS, argv).values);
}

/** startMockServer's settings, checked as the flags are, in one line that starts with `source`. */
export function checkMockServerSettings(settings: unknown, source: string): MockServerOptions {
  return mockServerOptionsOf(checkSettingsObject(MOCK_SERVER_OPTIONS, MockServerSettingsSchema, settings, source) as MockServerValues);
}
