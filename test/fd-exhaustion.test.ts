import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { ROOT, scriptCommand } from './cli-helpers.ts';

test('out of file descriptors (ulimit -n 200): promise-all over 5000 fails with the EMFILE hint, every request counted, and the next case runs', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-emfile-')), 'report.json');
  const args = ['--strategies', 'promise-all,limited-pool', '--clients', 'undici', '--requests', '5000', '--iterations', '1', '--latency', '1', '--quiet', '--out', out];
  // The limit is the process's own, set by the shell that then becomes the run.
  const run = spawnSync('bash', ['-c', 'ulimit -n 200 && exec "$@"', 'bash', ...scriptCommand('bench.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(reportProblems(report), []);
  const [burst, pool] = report.cases;
  assert.equal(burst.strategy, 'promise-all');
  assert.equal(burst.state, 'failed');
  assert.match(burst.problems.map((problem: { message: string }) => problem.message).join('; '), /EMFILE: too many open files: raise the limit \(ulimit -n\)/);
  assert.equal(burst.counts.sent, 5000);
  assert.equal(burst.counts.ok + burst.counts.failed, burst.counts.sent);
  assert.ok(burst.counts.failed > 0, JSON.stringify(burst.counts));
  // The pool holds 10 connections, well inside the limit: it runs, and runs clean.
  assert.equal(pool.strategy, 'limited-pool');
  assert.equal(pool.state, 'ok', pool.problems.join('; '));
  assert.equal(pool.counts.ok, 5000);
});
