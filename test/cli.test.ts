import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SUITE_NAMES } from '../benchmarks/index.ts';
import { CLIENT_NAMES } from '../clients/index.ts';
import { reportProblems } from '../report/schema.ts';
import { BUILT_IN_STRATEGY_NAMES } from '../strategies/index.ts';
import { BENCH_FLAGS, parseBenchArgs } from '../cli/bench-options.ts';
import { exposureOf, parseMockServerArgs } from '../cli/mock-server-options.ts';
import { COMMANDS, parseFanoutCommand } from '../cli/fanout-command.ts';
import { UsageError } from '../cli/usage-error.ts';
import { ROOT, runInProcess, runScript, scriptCommand, type CliResult } from './cli-helpers.ts';

const badInputs: Array<[string, string[], RegExp]> = [
  ['an unknown strategy', ['--strategies', 'nope'], /unknown strategies "nope"; valid: sequential, shared-agent/],
  ['a latency that is not a spec', ['--latency', 'abc'], /invalid latency "abc": not a latency spec; valid forms: 20 or 20ms \(fixed\), uniform:10-30/],
  ['a negative latency', ['--latency=-5'], /invalid latency "-5"/],
  ['a flag whose value is missing', ['--latency', '-5'], /--latency needs a value/],
  ['zero requests', ['--requests', '0'], /--requests must be a whole number from 1/],
  ['a fractional iteration count', ['--iterations', '2.5'], /--iterations must be a whole number/],
  ['an empty concurrency in a list', ['--concurrency', '4,,8'], /--concurrency takes a comma-separated list/],
  ['an unknown client', ['--clients', 'curl'], /unknown clients "curl"; valid: undici, fetch, http, axios, got/],
  ['an unknown suite', ['--suite', 'huge'], /unknown suite "huge"; valid: default, smoke, matrix, seeds/],
  ['a latency distribution upside down', ['--latency', 'uniform:50-5'], /the minimum is above the maximum/],
  ['a zero rate', ['--rate', '0'], /--rate must be a number from 0.1/],
  ['a negative preparation', ['--prep-cpu=-1'], /--prep-cpu must be a number from 0/],
  ['an unknown grouping', ['--group-by', 'colour'], /--group-by must be one of strategy, client/],
  ['a fault of an unknown kind', ['--fault', 'boom:5%'], /invalid fault spec "boom:5%": unknown fault "boom"; expected comma-separated KIND:P%/],
  ['faults that add up to more than 100%', ['--fault', 'http500:80%,reset:30%'], /add up to 110%, more than 100%/],
  ['a fault without a percentage', ['--fault', 'http500:5'], /"http500:5" is not KIND:P%/],
  ['a fault given twice', ['--fault', 'hang:1%,hang:2%'], /"hang" is given twice/],
  ['a rate limit that is not a rate', ['--rate-limit', 'fast'], /invalid rate limit "fast": expected REQUESTS\/s/],
  ['a zero timeout', ['--timeout', '0'], /--timeout must be a whole number from 1 to 600000/],
  ['too many retries', ['--retries', '11'], /--retries must be a whole number from 0 to 10/],
  ['a zero deadline', ['--deadline', '0'], /--deadline must be a whole number from 1 to 86400/],
  ['a target that is not a URL', ['--target', 'nowhere'], /--target must be a URL like http:\/\/127.0.0.1:3000/],
  ['a target on another machine', ['--target', 'http://10.1.2.3:8080'], /--target 10.1.2.3:8080 is not on this machine.*--allow-remote/],
  ['a target that is not http', ['--target', 'ftp://127.0.0.1/'], /--target must be an http:\/\/ or https:\/\/ URL/],
  ['a lognormal cap below its median', ['--latency', 'lognormal:20,0.5,10'], /the cap is below the median/],
  ['a tail share above 100%', ['--latency', 'tail:20,150%@200'], /the slow share is above 100%/],
  ['an empty choice', ['--latency', 'choice:'], /invalid latency "choice:": not a latency spec/],
  ['a negative slow body', ['--slow-body=-5'], /--slow-body must be a whole number from 0 to 600000/],
  ['an export to an unknown format', ['--export', 'csv', 'out.csv'], /--export takes FORMAT FILE with FORMAT one of github-action-benchmark, bencher, got "csv out.csv"/],
  ['an export without a file', ['--export', 'bencher'], /--export takes FORMAT FILE/],
  ['a baseline that names no case', ['--suite', 'smoke', '--baseline', 'sequential/axios'], /--baseline "sequential\/axios" names no case/],
  ['an rtt that is not a number', ['--rtt', 'abc'], /--rtt must be a number from 0 to 10000, got "abc"/],
  ['a negative bandwidth', ['--bandwidth=-1'], /--bandwidth must be a whole number from 0 to 10000000000, got "-1"/],
  ['a bandwidth whose value is missing', ['--bandwidth', '-1'], /--bandwidth needs a value/],
  ['an unknown flag', ['--fast'], /Unknown option '--fast'/],
  ['a stray argument', ['default'], /Unexpected argument 'default'/],
  ['an export whose file is a flag', ['--export', 'bencher', '--json'], /^bench: --export bencher needs a file name, got the flag "--json"; for a file whose name starts with "-" write --export=bencher=FILE$/],
  ['a flag whose value is a flag', ['--out', '--json'], /^bench: --out needs a value, got the flag "--json"; for a value that starts with "-" write --out=VALUE/],
  ['an empty name in a list', ['--strategies', 'sequential,,limited-pool'], /^bench: --strategies has an empty name in "sequential,,limited-pool"; give comma-separated names, valid: sequential/],
  ['an empty list', ['--strategies', ''], /^bench: --strategies is empty; give comma-separated names, valid: sequential/],
  ['a list of nothing but a comma', ['--clients', ','], /^bench: --clients has an empty name in ","; give comma-separated names, valid: undici/],
  ['a flag given twice', ['--requests', '5', '--requests', '6'], /^bench: --requests is given twice \(5 and 6\); give it once$/],
  ['a flag given three times, once inline', ['--seed', '1', '--seed=2', '--seed', '3'], /^bench: --seed is given 3 times \(1, 2 and 3\); give it once$/],
  ['a switch turned on and off', ['--quiet', '--no-quiet'], /^bench: --quiet is given twice \(--quiet and --no-quiet\); give it once$/],
  ['a newline in a list', ['--strategies', 'sequential\nnope'], /^bench: unknown strategies "sequential\\nnope"; valid: /],
  ['a newline in a latency', ['--latency', '1\n2'], /^bench: invalid latency "1\\n2"/],
  ['a newline in an unknown flag', ['--fa\nst'], /^bench: Unknown option '--fa\\nst'/],
];

function assertBenchRejects(result: CliResult, message: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^bench: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal(result.stdout, '');
}

for (const [what, args, message] of badInputs) {
  test(`bench rejects ${what} with exit 2 and one line, no stack trace`, async () => assertBenchRejects(await runInProcess('bench', args), message));
}

// The same as the process npm runs (the in-process calls above share its runCli): exit 2, one line, no stack trace.
test('bench as a process rejects bad input with exit 2 and one line, no stack trace', () => {
  const [, args, message] = badInputs[0]!;
  assertBenchRejects(runScript('bench.ts', args), message);
});

for (const [args, message] of [
  [['--latency', 'soon'], /^mock-server: invalid latency "soon"[^\n]*$/],
  [['--fault', 'hang:200%'], /^mock-server: invalid fault spec "hang:200%"[^\n]*$/],
  [['--port', '70000'], /^mock-server: --port must be a whole number from 0 to 65535, got "70000"$/],
  [['--rate-limit', '0/s'], /^mock-server: invalid rate limit "0\/s"[^\n]*$/],
] as const) {
  test(`mock-server rejects ${args.join(' ')} with exit 2 and one line`, async () => {
    const result = await runInProcess('mock-server', [...args]);
    assert.equal(result.status, 2);
    assert.match(result.stderr.trim(), message);
  });
}

for (const [what, args, message] of [
  ['an rtt that is not a number', ['--rtt', 'abc'], /^mock-server: --rtt must be a number from 0 to 10000, got "abc"$/],
  ['a negative bandwidth', ['--bandwidth=-1'], /^mock-server: --bandwidth must be a whole number from 0 to 10000000000, got "-1"$/],
] as const) {
  test(`mock-server rejects ${what} with exit 2 and one line`, async () => {
    const result = await runInProcess('mock-server', [...args]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr.trim(), message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
}

const refusedHosts = [
  ['a wildcard host without --allow-remote', ['--host', '0.0.0.0'], /^mock-server: --host 0\.0\.0\.0 would expose the mock server on every IPv4 interface of this machine: .*add --allow-remote/],
  ['an IPv6 wildcard host without --allow-remote', ['--host', '::'], /^mock-server: --host :: would expose the mock server on every interface of this machine .*add --allow-remote/],
  ['a LAN address without --allow-remote', ['--host', '192.168.1.5'], /^mock-server: --host 192\.168\.1\.5 would expose the mock server on the address 192\.168\.1\.5 of this machine: .*add --allow-remote/],
  ['an empty host', ['--host', ''], /^mock-server: --host needs an address to listen on, got ""/],
  ['an empty inline host', ['--host='], /^mock-server: --host needs an address to listen on, got ""/],
  ['a flag given twice', ['--port', '1', '--port', '2'], /^mock-server: --port is given twice \(1 and 2\); give it once$/],
  ['a newline in a value', ['--latency', 'so\non'], /^mock-server: invalid latency "so\\non"/],
] as const satisfies ReadonlyArray<readonly [string, readonly string[], RegExp]>;

function assertMockServerRefuses(result: CliResult, message: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.split('\n').length, 2, result.stderr);
  assert.match(result.stderr.trimEnd(), message);
  assert.equal(result.stdout, '');
}

for (const [what, args, message] of refusedHosts) {
  test(`mock-server refuses ${what} with exit 2 and exactly one line`, async () => assertMockServerRefuses(await runInProcess('mock-server', [...args]), message));
}

// The same as the process npm runs: exit 2, exactly one line.
test('mock-server as a process refuses bad input with exit 2 and exactly one line', () => {
  const [, args, message] = refusedHosts[0];
  assertMockServerRefuses(runScript('mock-server.ts', [...args]), message);
});

test('mock-server takes loopback hosts as they are, and any other host only with --allow-remote', async () => {
  for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', 'LocalHost']) {
    assert.equal(parseMockServerArgs(['--host', host]).host, host);
    assert.equal(exposureOf(host), undefined, host);
  }
  assert.equal(parseMockServerArgs(['--host', '[::1]']).host, '::1');
  assert.equal(parseMockServerArgs([]).host, '127.0.0.1');
  const wide = parseMockServerArgs(['--host', '0.0.0.0', '--allow-remote']);
  assert.deepEqual([wide.host, wide.allowRemote], ['0.0.0.0', true]);
  assert.equal(exposureOf('0.0.0.0'), 'every IPv4 interface of this machine');
  assert.match(exposureOf('0:0:0:0:0:0:0:0')!, /^every interface of this machine/);
  assert.equal(exposureOf('10.1.2.3'), 'the address 10.1.2.3 of this machine');
  assert.match(exposureOf('build-box')!, /"build-box" resolves to/);
  assert.throws(() => parseMockServerArgs(['--host', 'build-box']), /^UsageError: --host build-box would expose .*--allow-remote/);
  const help = await runInProcess('mock-server', ['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^  --allow-remote +allow a --host that other machines can reach/m);
});

test('a value that starts with "--" is taken when it is attached with "=", and --export stays repeatable', () => {
  assert.equal(parseBenchArgs(['--out=--json']).out, '--json');
  assert.equal(parseBenchArgs(['--out=--json']).json, false);
  assert.deepEqual(parseBenchArgs(['--export', 'bencher', 'a.json', '--export=bencher=b.json', '--export', 'github-action-benchmark', 'c.json']).exports, [
    { format: 'bencher', file: 'a.json' },
    { format: 'bencher', file: 'b.json' },
    { format: 'github-action-benchmark', file: 'c.json' },
  ]);
  assert.deepEqual(parseBenchArgs(['--export=bencher=--json']).exports, [{ format: 'bencher', file: '--json' }]);
  assert.deepEqual(parseBenchArgs(['--strategies', ' sequential , limited-pool,sequential']).overrides.strategies, ['sequential', 'limited-pool']);
});

test('every usage error is one line, whatever the value it quotes holds', () => {
  assert.equal(new UsageError('bad "a\nb\r\tc\u0007"').message, 'bad "a\\nb\\r\\tc\\u0007"');
  assert.throws(() => parseBenchArgs(['--concurrency', '1\n2']), (error: Error) => error.message === '--concurrency must be a whole number from 1 to 100000, got "1\\n2"');
  assert.throws(() => parseBenchArgs(['--concurrency', '1,,2']), /^UsageError: --concurrency takes a comma-separated list of whole numbers, got "1,,2"$/);
});

/** The entries of a help text: each flag's first line and its indented continuation lines. */
function helpEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of help.split('\n')) {
    const flag = /^  --([\w-]+)/.exec(line)?.[1];
    if (flag) entries.set((current = flag), line);
    else if (current && /^ {10,}\S/.test(line)) entries.set(current, `${entries.get(current)} ${line.trim()}`);
    else current = undefined;
  }
  return entries;
}

test('--help has an entry with its default for every flag the parser takes, and the exit codes', async () => {
  const result = await runInProcess('bench', ['--help']);
  assert.equal(result.status, 0);
  const entries = helpEntries(result.stdout);
  // --list and --help are actions, not settings: they have no default.
  const actions = new Set(['list', 'help']);
  for (const flag of Object.keys(BENCH_FLAGS)) {
    const entry = entries.get(flag);
    assert.ok(entry, `--${flag} has no entry in --help`);
    if (!actions.has(flag)) assert.match(entry, /\(default: [^)]+\)/, `--${flag} has no default in --help: ${entry}`);
  }
  assert.deepEqual([...entries.keys()].filter((flag) => !(flag in BENCH_FLAGS)), [], 'entries for flags the parser does not take');
  assert.match(result.stdout, /--no-<switch>/);
  assert.match(result.stdout, /^Exit codes: 0 .* 1 .* 2 .* 130 /m);
});

test('the flag reference documents every flag, and the README the exit codes', () => {
  const readme = readFileSync(join(ROOT, 'docs', 'bench.md'), 'utf8');
  const reference = readFileSync(join(ROOT, 'docs', 'flags.md'), 'utf8');
  for (const flag of Object.keys(BENCH_FLAGS)) assert.match(reference, new RegExp(`^\\| \`--${flag}\\b`, 'm'), `--${flag}`);
  assert.match(readme, /Exit codes: `0` every case ok, `1` a case failed[\s\S]*`130` interrupted[\s\S]*`2` bad input/);
});

test('--list names every strategy with its summary', async () => {
  const result = await runInProcess('bench', ['--list']);
  assert.equal(result.status, 0);
  for (const name of [...BUILT_IN_STRATEGY_NAMES, ...CLIENT_NAMES, ...SUITE_NAMES]) {
    assert.match(result.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
  }
});

test('a short run prints a valid report with --json and writes it to --out', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'run.json');
  const result = runScript('bench.ts', ['--suite', 'smoke', '--strategies', 'shared-agent,limited-pool', '--iterations', '2', '--json', '--quiet', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  // --quiet: the plain progress lines on stderr (header and one per case), never on stdout.
  assert.deepEqual(result.stderr.trimEnd().split('\n').map((line) => line.replace(/ ok in .*/, ' ok')), [
    result.stderr.split('\n')[0],
    '[1/2] shared-agent/undici/c1/n20 ok',
    '[2/2] limited-pool/undici/c4/n20 ok',
  ]);
  const printed = JSON.parse(result.stdout);
  assert.deepEqual(reportProblems(printed), []);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), printed);
  assert.deepEqual(printed.cases.map((c: { strategy: string }) => c.strategy), ['shared-agent', 'limited-pool']);
});

test('the fanout command: its help names every command, a bad or missing one is one line for exit 2, and it passes the rest on', () => {
  const help = parseFanoutCommand(['--help']);
  assert.ok('print' in help);
  for (const command of Object.keys(COMMANDS)) assert.match(help.print, new RegExp(`^  ${command} `, 'm'));
  assert.deepEqual(parseFanoutCommand(['compare', 'a.json', 'b.json', '--threshold', '3']), { command: 'compare', args: ['a.json', 'b.json', '--threshold', '3'] });
  assert.deepEqual(parseFanoutCommand(['list']), { command: 'list', args: [] });
  assert.throws(() => parseFanoutCommand(['benhc']), (error: Error) => error instanceof UsageError && /^unknown command "benhc": the commands are bench, compare, chart, mock-server, list/.test(error.message));
  assert.throws(() => parseFanoutCommand([]), (error: Error) => error instanceof UsageError && /^name a command/.test(error.message));
});

test('the installed fanout command runs a command as its npm script does', () => {
  const [node, script] = scriptCommand('fanout.ts');
  const result = spawnSync(node, [script, 'bench', '--requests', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^bench: --requests/);
});
