import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertionFailures, parseAssertion } from '../report/assertions.ts';
import type { Report } from '../report/schema.ts';
import { ROOT, runInProcess } from './cli-helpers.ts';

const baseline = JSON.parse(readFileSync(join(ROOT, 'results', 'baseline', 'ci.json'), 'utf8')) as Report;
const ok = (report: Report): Report => ({ ...report, cases: report.cases.map((result) => ({ ...result, state: 'ok' as const })) });

test('an assertion reads [CASES:]METRIC OP VALUE with units, and a malformed one says the form', () => {
  assert.deepEqual(parseAssertion('p99<50ms'), { text: 'p99<50ms', metric: 'p99', operator: '<', limit: 50 });
  assert.deepEqual(parseAssertion(' limited-pool/*: p99 <= 0.5s '), { text: 'limited-pool/*: p99 <= 0.5s', cases: 'limited-pool/*', metric: 'p99', operator: '<=', limit: 500 });
  assert.equal(parseAssertion('throughput>2000req/s').limit, 2000);
  assert.equal(parseAssertion('errors=0').operator, '=');
  for (const bad of ['p99', 'p98<5', 'p99<fast', 'p99 << 5', 'throughput>2k']) {
    assert.throws(() => parseAssertion(bad), (error: Error) => /^--assert /.test(error.message) && !error.message.includes('\n'), bad);
  }
});

test('each case that breaks an assertion is named with its figure; a case not ok and a pattern that matches nothing break it too', () => {
  const report = ok(baseline);
  const [first] = report.cases;
  const p99 = first!.latencyMs.p99;
  assert.deepEqual(assertionFailures(report, [parseAssertion(`p99<${Math.ceil(Math.max(...report.cases.map((c) => c.latencyMs.p99))) + 1}ms`), parseAssertion('errors=0')]), []);
  const tight = assertionFailures(report, [parseAssertion(`${first!.id}:p99<${p99 / 2}ms`)]);
  assert.equal(tight.length, 1);
  assert.match(tight[0]!, new RegExp(`^${first!.id.replace(/[/.]/g, '\\$&')}:p99<[\\d.]+ms: ${first!.id.replace(/[/.]/g, '\\$&')} has p99 [\\d.]+ ms, not < [\\d.]+ ms$`));
  assert.equal(assertionFailures(report, [parseAssertion('throughput>1000000')]).length, report.cases.length);
  assert.deepEqual(assertionFailures(report, [parseAssertion('nothing/*:errors=0')]), ['nothing/*:errors=0: no case matches "nothing/*"']);
  const failed = { ...report, cases: [{ ...first!, state: 'failed' as const }] };
  assert.match(assertionFailures(failed, [parseAssertion('errors=0')])[0]!, /is failed, so its errors was not measured$/);
});

test('bench --assert: exit 1 naming the case and the figure when a rule is broken, 0 when every rule holds, 2 for a malformed one', async () => {
  const tiny = ['--suite', 'smoke', '--strategies', 'shared-agent', '--requests', '5', '--iterations', '1', '--warmup', '0', '--quiet', '--json'];
  const broken = await runInProcess('bench', [...tiny, '--assert', 'p99<1us']);
  assert.equal(broken.status, 1, broken.stderr);
  assert.match(broken.stderr, /^bench: assertion fails: p99<1us: shared-agent\/undici\/c1\/n5 has p99 [\d.]+ ms, not < 0\.001 ms$/m);
  const holds = await runInProcess('bench', [...tiny, '--assert', 'errors=0', '--assert', 'shared-agent/*:throughput>1']);
  assert.equal(holds.status, 0, holds.stderr);
  assert.doesNotMatch(holds.stderr, /assertion/);
  const malformed = await runInProcess('bench', [...tiny, '--assert', 'p99 < soon']);
  assert.equal(malformed.status, 2);
  assert.equal(malformed.stderr.trim().split('\n').length, 1, malformed.stderr);
  assert.match(malformed.stderr, /^bench: --assert "p99 < soon": "soon" is not a limit for p99 \(ms\)$/m);
});
