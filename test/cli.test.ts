import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SUITE_NAMES } from '../benchmarks/index.ts';
import { CLIENT_NAMES } from '../clients/index.ts';
import { reportProblems } from '../report/schema.ts';
import { STRATEGY_NAMES } from '../strategies/index.ts';
import { runScript } from './cli-helpers.ts';

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
  ['a baseline that names no case', ['--suite', 'smoke', '--baseline', 'sequential/axios'], /--baseline "sequential\/axios" names no case/],
  ['an rtt that is not a number', ['--rtt', 'abc'], /--rtt must be a number from 0 to 10000, got "abc"/],
  ['a negative bandwidth', ['--bandwidth=-1'], /--bandwidth must be a whole number from 0 to 10000000000, got "-1"/],
  ['a bandwidth whose value is missing', ['--bandwidth', '-1'], /--bandwidth needs a value/],
  ['an unknown flag', ['--fast'], /Unknown option '--fast'/],
  ['a stray argument', ['default'], /Unexpected argument 'default'/],
];

for (const [what, args, message] of badInputs) {
  test(`bench rejects ${what} with exit 2 and one line, no stack trace`, () => {
    const result = runScript('bench.ts', args);
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^bench: /);
    assert.match(lines[0]!, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(result.stdout, '');
  });
}

test('mock-server rejects a bad latency with exit 2 and one line', () => {
  const result = runScript('mock-server.ts', ['--latency', 'soon']);
  assert.equal(result.status, 2);
  assert.match(result.stderr.trim(), /^mock-server: invalid latency "soon"[^\n]*$/);
});

for (const [what, args, message] of [
  ['an rtt that is not a number', ['--rtt', 'abc'], /^mock-server: --rtt must be a number from 0 to 10000, got "abc"$/],
  ['a negative bandwidth', ['--bandwidth=-1'], /^mock-server: --bandwidth must be a whole number from 0 to 10000000000, got "-1"$/],
] as const) {
  test(`mock-server rejects ${what} with exit 2 and one line`, () => {
    const result = runScript('mock-server.ts', [...args]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr.trim(), message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
}

test('--help documents every flag and the exit codes', () => {
  const result = runScript('bench.ts', ['--help']);
  assert.equal(result.status, 0);
  for (const flag of ['--suite', '--strategies', '--clients', '--requests', '--concurrency', '--latency', '--seed', '--payload', '--iterations', '--rate', '--threads', '--prep-cpu', '--prep-wait', '--rtt', '--bandwidth', '--tls', '--group-by', '--baseline', '--out', '--json', '--quiet', '--list', '--help']) {
    assert.match(result.stdout, new RegExp(`^  ${flag}\\b`, 'm'), flag);
  }
  assert.match(result.stdout, /Exit codes: 0 .* 1 .* 2 /);
});

test('--list names every strategy with its summary', () => {
  const result = runScript('bench.ts', ['--list']);
  assert.equal(result.status, 0);
  for (const name of [...STRATEGY_NAMES, ...CLIENT_NAMES, ...SUITE_NAMES]) {
    assert.match(result.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
  }
});

test('a short run prints a valid report with --json and writes it to --out', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'run.json');
  const result = runScript('bench.ts', ['--suite', 'smoke', '--strategies', 'shared-agent,limited-pool', '--iterations', '2', '--json', '--quiet', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const printed = JSON.parse(result.stdout);
  assert.deepEqual(reportProblems(printed), []);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), printed);
  assert.deepEqual(printed.cases.map((c: { strategy: string }) => c.strategy), ['shared-agent', 'limited-pool']);
});
