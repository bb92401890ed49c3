import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { runScript } from './cli-helpers.ts';

const badInputs: Array<[string, string[], RegExp]> = [
  ['an unknown strategy', ['--strategies', 'nope'], /unknown strategies "nope"; valid: sequential, shared-agent/],
  ['a latency that is not a spec', ['--latency', 'abc'], /invalid latency "abc": expected/],
  ['a negative latency', ['--latency=-5'], /invalid latency "-5"/],
  ['a flag whose value is missing', ['--latency', '-5'], /--latency needs a value/],
  ['zero requests', ['--requests', '0'], /--requests must be a whole number from 1/],
  ['a fractional iteration count', ['--iterations', '2.5'], /--iterations must be a whole number/],
  ['an empty concurrency in a list', ['--concurrency', '4,,8'], /--concurrency takes a comma-separated list/],
  ['an unknown client', ['--clients', 'curl'], /unknown clients "curl"; valid: undici/],
  ['an unknown suite', ['--suite', 'huge'], /unknown suite "huge"; valid: default, smoke/],
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

test('--help documents every flag and the exit codes', () => {
  const result = runScript('bench.ts', ['--help']);
  assert.equal(result.status, 0);
  for (const flag of ['--suite', '--strategies', '--clients', '--requests', '--concurrency', '--latency', '--payload', '--iterations', '--out', '--json', '--quiet', '--list', '--help']) {
    assert.match(result.stdout, new RegExp(`^  ${flag}\\b`, 'm'), flag);
  }
  assert.match(result.stdout, /Exit codes: 0 .* 1 .* 2 /);
});

test('--list names every strategy with its summary', () => {
  const result = runScript('bench.ts', ['--list']);
  assert.equal(result.status, 0);
  for (const name of ['sequential', 'shared-agent', 'promise-all', 'limited-pool', 'worker-threads', 'undici', 'smoke']) {
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
