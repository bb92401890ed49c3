import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { reportProblems, type Report } from '../report/schema.ts';
import { ROOT, scriptCommand } from './cli-helpers.ts';

// `sequential` without keep-alive opens a connection per request; at large N the machine runs out of
// ephemeral ports (each closed one waits in TIME_WAIT for a minute). Reaching that on the host would take
// ~28,000 connections and poison its ports for everything else, so the run happens in a network namespace
// of its own whose port range is 50 ports wide, with TIME_WAIT reuse off: 200 requests (and the warm-up's 200) exhaust it.
// node:http without keep-alive closes each connection from the client's side, so the TIME_WAIT is the
// client's (undici's closes race the server's, and some runs get through).

const NS = `fanout-ports-${process.pid}`;
const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  if (run('ip', ['-V']).error) return 'needs the ip command (iproute2)';
  for (const args of [
    ['netns', 'add', NS],
    ['-n', NS, 'link', 'set', 'lo', 'up'],
    ['netns', 'exec', NS, 'sysctl', '-q', '-w', 'net.ipv4.ip_local_port_range=40000 40049', 'net.ipv4.tcp_tw_reuse=0'],
  ]) {
    const result = run('ip', args);
    if (result.status !== 0) return `cannot build the namespace here: ip ${args.join(' ')}: ${(result.stderr || result.error?.message || '').trim()}`;
  }
  return undefined;
}

const skip = unavailable();
after(() => run('ip', ['netns', 'del', NS]));

test('sequential without keep-alive that runs out of ephemeral ports is reported with a hint, not a crash', { skip }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-ports-')), 'report.json');
  const args = ['--suite', 'smoke', '--strategies', 'sequential,queue-workers', '--clients', 'http', '--requests', '200', '--latency', '0', '--iterations', '1', '--quiet', '--out', out];
  const bench = spawnSync('ip', ['netns', 'exec', NS, ...scriptCommand('bench.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(bench.status, 1, `a failed case exits 1: ${bench.stderr}`);
  assert.doesNotMatch(bench.stderr, /unexpected error|at .*\.ts:\d+/, 'no crash, no stack trace');

  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  assert.deepEqual(reportProblems(report), []);
  const sequential = report.cases.find((result) => result.strategy === 'sequential')!;
  assert.equal(sequential.state, 'failed');
  assert.match(sequential.problems.map((problem) => problem.message).join('\n'), /EADDRNOTAVAIL: no free local port .*use keep-alive/);
  assert.ok(sequential.errors.total > 0);
  assert.equal(sequential.counts.sent, sequential.counts.ok + sequential.counts.failed, 'every request accounted for');
  // The harness keeps its own connection to the target, so it is still in control after the ports ran out.
  assert.equal(report.cases.length, 2, 'the run went on to the next case');
  assert.match(bench.stdout, /EADDRNOTAVAIL/);
});
