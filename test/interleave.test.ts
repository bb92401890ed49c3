import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { ROOT, runInProcess, runScript } from './cli-helpers.ts';

test('--interleave runs the suite from two checkouts in turn and compares them (here: this checkout twice)', () => {
  const result = runScript('bench.ts', ['--interleave', ROOT, '--suite', 'smoke', '--strategies', 'shared-agent', '--iterations', '5', '--requests', '6', '--rounds', '2'], 120_000);
  // The same code on both sides, but on a busy 2-core machine (four test files at once) a latency-bound
  // case of 6 requests can still read as a speed change (seen: -34%, p 0.0007). The interleaving is what
  // is checked here; the gate's noise is measured by npm run validate-gate. Nothing else may fail.
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const reasons = result.stderr.split('\n').filter((line) => line.startsWith('bench: gate fails: '));
  assert.equal(result.status === 1, reasons.length > 0, result.stderr);
  for (const reason of reasons) assert.match(reason, /^bench: gate fails: shared-agent\/undici\/c1\/n6 regressed in throughput: /);
  assert.equal((result.stderr.match(/round \d\/2: (base|head) done/g) ?? []).length, 4);
  assert.match(result.stdout, /shared-agent\/undici\/c1\/n6/);
  const paths = /reports: head (\S+), base (\S+)/.exec(result.stdout);
  assert.ok(paths, result.stdout);
  for (const path of [paths[1]!, paths[2]!]) {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(reportProblems(report), []);
    // Two rounds of five iterations each, joined.
    assert.equal(report.cases[0].makespanMs.n, 10);
    assert.equal(report.config.rounds, 2);
  }
});

test('--interleave refuses a directory that is not a fanout checkout', async () => {
  const result = await runInProcess('bench', ['--interleave', '/tmp']);
  assert.equal(result.status, 2);
  assert.match(result.stderr.trim(), /^bench: --interleave: \/tmp is not a fanout checkout \(no scripts\/bench.ts\)$/);
});
