import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseMockServerArgs } from '../cli/mock-server-options.ts';
import type { Report } from '../report/schema.ts';
import { ROOT, runInProcess, scriptCommand } from './cli-helpers.ts';

// Who may call the mock's control routes (/__fanout/...), checked from another host for real: two network
// namespaces of this test's own joined by a veth pair, the mock in one (10.200.0.1), the caller in the
// other (10.200.0.2). Only those addresses and the namespaces' own loopback carry traffic, and both
// namespaces are deleted afterwards. The caller sends each path with node:http exactly as written (a
// URL parser would normalise the encoded spellings away before they left).

const NS_MOCK = `fanout-ctl-m-${process.pid}`;
const NS_CALLER = `fanout-ctl-c-${process.pid}`;
const MOCK_ADDRESS = '10.200.0.1';
const CALLER_ADDRESS = '10.200.0.2';
const DIRECT_PORT = 4101;
const RELAY_PORT = 4102;
const FIXED_TOKEN = 'fixed-control-token-for-the-relayed-mock';
const TOKEN_HEADER = 'x-fanout-control-token';

const run = (command: string, args: string[], timeout = 30_000) => spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout });
const deleteNamespaces = () => {
  for (const ns of [NS_MOCK, NS_CALLER]) run('ip', ['netns', 'del', ns]);
};

/** Why the test cannot run here, or undefined when it can (the namespaces are then built). */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  if (run('ip', ['-V']).error) return 'needs the ip command (iproute2)';
  const veth = `fctl${process.pid % 100_000}`;
  const steps = [
    ['netns', 'add', NS_MOCK],
    ['netns', 'add', NS_CALLER],
    // Made inside the namespaces: the pair never exists in this host's own namespace.
    ['-n', NS_MOCK, 'link', 'add', `${veth}m`, 'type', 'veth', 'peer', 'name', `${veth}c`, 'netns', NS_CALLER],
    ['-n', NS_MOCK, 'addr', 'add', `${MOCK_ADDRESS}/24`, 'dev', `${veth}m`],
    ['-n', NS_CALLER, 'addr', 'add', `${CALLER_ADDRESS}/24`, 'dev', `${veth}c`],
    ['-n', NS_MOCK, 'link', 'set', `${veth}m`, 'up'],
    ['-n', NS_CALLER, 'link', 'set', `${veth}c`, 'up'],
    ['-n', NS_MOCK, 'link', 'set', 'lo', 'up'],
    ['-n', NS_CALLER, 'link', 'set', 'lo', 'up'],
  ];
  for (const args of steps) {
    const result = run('ip', args);
    if (result.status !== 0) {
      deleteNamespaces();
      return `cannot build the namespaces here: ip ${args.join(' ')}: ${(result.stderr || result.error?.message || '').trim()}`;
    }
  }
  return undefined;
}

interface StartedMock {
  child: ChildProcess;
  /** Everything it printed, stdout and stderr. */
  output: string;
  /** The server's own port (with a relay in front, not the port given). */
  controlPort: number;
}

/** A standalone mock server in the mock's namespace, once it printed where it listens. */
function startMock(args: string[]): Promise<StartedMock> {
  const child = spawn('ip', ['netns', 'exec', NS_MOCK, ...scriptCommand('mock-server.ts'), '--latency', '1', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mocks.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the mock in ${NS_MOCK} did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /fanout mock server listening on http:\/\/[^:]+:(\d+) .*Ctrl-C/.exec(output);
      if (listening) {
        clearTimeout(timer);
        const control = /control routes on http:\/\/[^:]+:(\d+)/.exec(output);
        // Its stderr lines were written before this stdout line: give the pipe a moment to bring them too.
        const started = { child, output, controlPort: Number(control?.[1] ?? listening[1]) };
        setTimeout(() => resolve({ ...started, output }), 200);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the mock in ${NS_MOCK} exited with ${code}: ${output}`)));
  });
}

interface Call {
  method: string;
  path: string;
  token?: string;
}

interface Answer {
  status: number;
  body: string;
}

// Sends each call on its own connection with node:http, the path as written, and prints what came back.
const CALLER = `
const http = require('node:http');
const [host, port, calls] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3])];
(async () => {
  const answers = [];
  for (const call of calls) {
    answers.push(await new Promise((resolve) => {
      const headers = call.token === undefined ? {} : { '${TOKEN_HEADER}': call.token };
      const req = http.request({ host, port, method: call.method, path: call.path, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: body.slice(0, 300) }));
      });
      req.on('error', (error) => resolve({ status: 0, body: error.message }));
      req.end();
    }));
  }
  process.stdout.write(JSON.stringify(answers));
})();
`;

/** Makes the calls from `ns` (the caller's namespace unless told) to host:port, in order. */
function callFrom(calls: Call[], port: number, host = MOCK_ADDRESS, ns = NS_CALLER): Answer[] {
  const result = run('ip', ['netns', 'exec', ns, process.execPath, '-e', CALLER, host, String(port), JSON.stringify(calls)]);
  assert.equal(result.status, 0, `the caller failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Answer[];
}

// Every spelling of every control route that the router maps to it: percent-encoded letters, a fragment,
// a query. HEAD is Fastify's own twin of each GET route.
const CONTROL_SPELLINGS: Array<Omit<Call, 'token'>> = [
  ...['/__fanout/stats', '/__fanout/%73tats', '/__fanout/%73%74%61%74%73', '/__fanout/st%61ts', '/__fanout/stats#x', '/__fanout/stats?timeline=1', '/__fanout/stats?x#y', '/%5F%5Ffanout/stats', '/%5f_fanout/%73tats'].map(
    (path) => ({ method: 'GET', path }),
  ),
  { method: 'HEAD', path: '/__fanout/stats' },
  { method: 'HEAD', path: '/__fanout/%73tats' },
  ...['/__fanout/service-times', '/__fanout/service-time%73', '/__fanout/service%2Dtimes', '/__fanout/%73ervice-times', '/__fanout/service-times#x', '/__fanout/service-times?x=1'].map(
    (path) => ({ method: 'GET', path }),
  ),
  ...['/__fanout/reset', '/__fanout/res%65t', '/__fanout/%72%65%73%65%74', '/__fanout/reset#x', '/__fanout/reset?x=1'].map((path) => ({ method: 'POST', path })),
];

// Near misses that no route matches: a 404 that says nothing of the target's state, token or not.
const NO_ROUTE: Array<Omit<Call, 'token'>> = [
  ...['/__fanout/stats/', '/__fanout//stats', '/__fanout/STATS', '/__fanout/stats;x', '/__fanout%2Fstats', '/__fanout%2fstats', '/__fanout/..%2Fstats', '/__fanout/stats%2F', '/__fanout/stats%23x', '/__fanout/', '/__fanout', '/__fanout/nope', '/__fanout/./stats', '/req/../__fanout/stats', '//__fanout/stats'].map(
    (path) => ({ method: 'GET', path }),
  ),
  { method: 'GET', path: '/__fanout/reset' },
  { method: 'POST', path: '/__fanout/stats' },
  { method: 'DELETE', path: '/__fanout/reset' },
];

/** Whether a body shows any of the target's counters (a snapshot has received, connections, ...). */
const leaks = (body: string) => /received|connections|peakInFlight|NaN/.test(body);

const skip = unavailable();
const mocks: ChildProcess[] = [];
let direct: StartedMock;
let relayed: StartedMock;
let generatedToken = '';

before(async () => {
  if (skip) return;
  // One mock on the namespace's address, its token made at start-up; one on every interface of its
  // namespace behind the relay (--rtt 1), whose connection to the server comes from 127.0.0.1, with a
  // token given on the command line.
  [direct, relayed] = await Promise.all([
    startMock(['--host', MOCK_ADDRESS, '--port', String(DIRECT_PORT), '--allow-remote']),
    startMock(['--host', '0.0.0.0', '--port', String(RELAY_PORT), '--allow-remote', '--rtt', '1', '--control-token', FIXED_TOKEN]),
  ]);
  generatedToken = /mock-server: control token ([0-9a-f]{32}): give it to bench as --control-token/.exec(direct.output)?.[1] ?? '';
});

after(async () => {
  await Promise.all(
    mocks
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
  );
  if (!skip) deleteNamespaces();
});

test('a mock started with --allow-remote prints the control token it made, and one given with --control-token it does not print', { skip }, () => {
  assert.match(generatedToken, /^[0-9a-f]{32}$/, direct.output);
  assert.equal(direct.output.match(/mock-server: control token/g)?.length, 1, 'said once');
  assert.doesNotMatch(relayed.output, new RegExp(FIXED_TOKEN), 'a token the user gave is not echoed');
  assert.doesNotMatch(relayed.output, /mock-server: control token/);
});

test('from another host every spelling of every control route answers 403 without the token, and 200 with it', { skip, timeout: 60_000 }, () => {
  const refused = callFrom(CONTROL_SPELLINGS, DIRECT_PORT);
  const wrongToken = generatedToken.slice(0, -1) + (generatedToken.endsWith('0') ? '1' : '0');
  const wrong = callFrom(CONTROL_SPELLINGS.map((call) => ({ ...call, token: wrongToken })), DIRECT_PORT);
  const allowed = callFrom(CONTROL_SPELLINGS.map((call) => ({ ...call, token: generatedToken })), DIRECT_PORT);
  CONTROL_SPELLINGS.forEach((call, i) => {
    const what = `${call.method} ${call.path}`;
    assert.equal(refused[i]!.status, 403, `${what} without the token: ${refused[i]!.body}`);
    assert.ok(!leaks(refused[i]!.body), `${what}: ${refused[i]!.body}`);
    assert.equal(wrong[i]!.status, 403, `${what} with a wrong token: ${wrong[i]!.body}`);
    assert.equal(allowed[i]!.status, 200, `${what} with the token: ${allowed[i]!.body}`);
  });
});

test('a refused reset resets nothing', { skip }, () => {
  const [load] = callFrom([{ method: 'GET', path: '/req?id=1&latency=0' }], DIRECT_PORT);
  assert.equal(load!.status, 200, 'the load route answers any host');
  const resets = callFrom(CONTROL_SPELLINGS.filter((call) => call.method === 'POST'), DIRECT_PORT);
  assert.ok(resets.every((answer) => answer.status === 403));
  const [stats] = callFrom([{ method: 'GET', path: '/__fanout/stats', token: generatedToken }], DIRECT_PORT);
  assert.ok((JSON.parse(stats!.body) as { received: number }).received >= 1, stats!.body);
});

test('a path under /__fanout/ that no route matches is a 404 that shows nothing, with the token or without', { skip, timeout: 60_000 }, () => {
  for (const token of [undefined, generatedToken]) {
    const answers = callFrom(NO_ROUTE.map((call) => ({ ...call, ...(token ? { token } : {}) })), DIRECT_PORT);
    NO_ROUTE.forEach((call, i) => {
      const what = `${call.method} ${call.path}${token ? ' with the token' : ''}`;
      assert.ok([400, 404].includes(answers[i]!.status), `${what}: ${answers[i]!.status} ${answers[i]!.body}`);
      assert.ok(!leaks(answers[i]!.body), `${what}: ${answers[i]!.body}`);
    });
  }
});

test('through the relay a caller is judged by its own address: 403 from another host, 200 with the token or from loopback', { skip, timeout: 60_000 }, () => {
  for (const port of [RELAY_PORT, relayed.controlPort]) {
    const refused = callFrom(CONTROL_SPELLINGS, port);
    const allowed = callFrom(CONTROL_SPELLINGS.map((call) => ({ ...call, token: FIXED_TOKEN })), port);
    CONTROL_SPELLINGS.forEach((call, i) => {
      const what = `${call.method} ${call.path} on port ${port}`;
      assert.equal(refused[i]!.status, 403, `${what} without the token: ${refused[i]!.body}`);
      assert.equal(allowed[i]!.status, 200, `${what} with the token: ${allowed[i]!.body}`);
    });
  }
  assert.notEqual(relayed.controlPort, RELAY_PORT, 'the relay is in front');
  // On the mock's own machine, through the relay and straight to the server: loopback needs no token.
  for (const port of [RELAY_PORT, relayed.controlPort]) {
    const local = callFrom(CONTROL_SPELLINGS, port, '127.0.0.1', NS_MOCK);
    CONTROL_SPELLINGS.forEach((call, i) => assert.equal(local[i]!.status, 200, `${call.method} ${call.path} from loopback on port ${port}: ${local[i]!.body}`));
  }
});

test("a target the harness starts on a LAN --host gets a token the harness made, so the harness's own control calls pass", { skip, timeout: 60_000 }, () => {
  // The harness reaches 10.200.0.1 from 10.200.0.1: this machine, but not a loopback caller.
  const script = `(async () => {
    const { startMockServer } = await import(${JSON.stringify(`${ROOT}index.ts`)});
    const mock = await startMockServer({ host: '${MOCK_ADDRESS}', allowRemote: true, latency: 1 });
    try {
      await mock.reset();
      const stats = await mock.stats();
      process.stdout.write(JSON.stringify({ url: mock.url, received: stats.received }));
    } finally {
      await mock.stop();
    }
  })().catch((error) => { console.error(error.message); process.exit(1); });`;
  const result = run('ip', ['netns', 'exec', NS_MOCK, process.execPath, '--import', 'tsx', '-e', script], 60_000);
  assert.equal(result.status, 0, result.stderr);
  const answer = JSON.parse(result.stdout) as { url: string; received: number };
  assert.match(answer.url, new RegExp(`^http://${MOCK_ADDRESS.replaceAll('.', '\\.')}:\\d+$`));
  assert.equal(answer.received, 0);
});

/** npm run bench from the caller's namespace against a mock in the other one. */
function benchFrom(args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-control-')), 'report.json');
  const common = ['--allow-remote', '--strategies', 'shared-agent', '--clients', 'undici', '--requests', '5', '--iterations', '1', '--quiet', '--out', out];
  const result = run('ip', ['netns', 'exec', NS_CALLER, ...scriptCommand('bench.ts'), ...args, ...common], 120_000);
  return { ...result, out };
}

test('bench --target on another host --allow-remote --control-token runs its case ok, straight and through the relay', { skip, timeout: 240_000 }, () => {
  for (const [port, token] of [[DIRECT_PORT, generatedToken], [RELAY_PORT, FIXED_TOKEN]] as const) {
    const bench = benchFrom(['--target', `http://${MOCK_ADDRESS}:${port}`, '--control-token', token]);
    assert.equal(bench.status, 0, `port ${port}: ${bench.stderr}`);
    const report = JSON.parse(readFileSync(bench.out, 'utf8')) as Report;
    assert.deepEqual(report.cases.map((result) => [result.strategy, result.client, result.state]), [['shared-agent', 'undici', 'ok']], bench.stderr);
  }
});

test('bench --target on another host without the token, or with a wrong one, exits 2 with one line', { skip, timeout: 120_000 }, () => {
  const target = `http://${MOCK_ADDRESS}:${DIRECT_PORT}`;
  for (const [args, said] of [
    [[], /no --control-token was given/],
    [['--control-token', FIXED_TOKEN], /the --control-token given is not its token/],
  ] as const) {
    const bench = benchFrom(['--target', target, ...args]);
    assert.equal(bench.status, 2, bench.stderr);
    const lines = bench.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, bench.stderr);
    assert.match(lines[0]!, new RegExp(`^bench: --target ${target.replaceAll('.', '\\.')} refused the control routes \\(403\\): give the token the mock printed as --control-token`));
    assert.match(lines[0]!, said);
    assert.equal(bench.stdout, '');
  }
});

test('bench --target where nothing listens exits 2 with one line', { timeout: 60_000 }, async () => {
  const bench = await runInProcess('bench', ['--target', 'http://127.0.0.1:1', '--strategies', 'shared-agent', '--clients', 'undici', '--requests', '2']);
  assert.equal(bench.status, 2, bench.stderr);
  assert.equal(bench.stdout, '');
  const lines = bench.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, bench.stderr);
  assert.match(lines[0]!, /^bench: --target http:\/\/127\.0\.0\.1:1: no fanout mock server answers there \(ECONNREFUSED.*\); start one with npm run mock-server$/);
});

test('--control-token takes 16 to 256 visible characters and never quotes them; bench takes it with --target only', async () => {
  assert.equal(parseMockServerArgs(['--control-token', FIXED_TOKEN]).controlToken, FIXED_TOKEN);
  assert.throws(() => parseMockServerArgs(['--control-token', 'short-secret']), (error: Error) => /16 to 256 visible ASCII characters.*got 12 characters/.test(error.message) && !error.message.includes('short-secret'));
  assert.throws(() => parseMockServerArgs(['--control-token', 'a secret with spaces']), /got a space or a character outside visible ASCII/);
  const bench = await runInProcess('bench', ['--control-token', FIXED_TOKEN]);
  assert.equal(bench.status, 2);
  assert.match(bench.stderr, /^bench: --control-token is for the mock server given as --target/);
});
