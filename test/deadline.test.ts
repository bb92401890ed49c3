import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { ROOT, scriptCommand } from './cli-helpers.ts';
import { cmdline, descendants, fdsOf, linkOf, pids, read, running, sleep } from './processes.ts';

/** Whether `pid` has an established TCP connection: the harness has begun to talk to the target. */
function connected(pid: number): boolean {
  const inodes = new Set(fdsOf(pid).map((fd) => /^socket:\[(\d+)\]$/.exec(linkOf(`/proc/${pid}/fd/${fd}`))?.[1]));
  return ['tcp', 'tcp6'].some((file) =>
    read(`/proc/${pid}/net/${file}`)
      .split('\n')
      .slice(1)
      .some((line) => {
        const columns = line.trim().split(/\s+/);
        return columns[3] === '01' && inodes.has(columns[9]);
      }),
  );
}

test('a target stopped (SIGSTOP) for good: --deadline 3 cuts the case off on time, its requests counted, and the run ends by itself', { skip: !existsSync('/proc/self/stat') && 'needs /proc' }, async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'deadline.json');
  // Every case takes ~4 s an iteration (200 requests one at a time at 20 ms): the stop lands in the first.
  const args = ['--strategies', 'sequential,shared-agent,limited-pool', '--clients', 'undici', '--concurrency', '1', '--requests', '200', '--deadline', '3', '--quiet', '--out', out];
  const [command, script] = scriptCommand('bench.ts');
  const bench = spawn(command, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  bench.stdout.resume();
  const exited = new Promise<number | null>((resolve) => bench.on('close', (code) => resolve(code)));
  let before: number[] = [];
  try {
    // The script -> the target (under tsx, tsx -> the script -> the target); the first case has started
    // once the target has a connection.
    let target: number | undefined;
    const started = Date.now();
    while (Date.now() - started < 60_000 && bench.exitCode === null) {
      target = descendants(bench.pid!).find((pid) => cmdline(pid).includes('mock-server'));
      if (target && connected(target)) break;
      await sleep(50);
    }
    assert.ok(target && connected(target), `the first case never started: ${stderr}`);
    await sleep(500);
    before = descendants(bench.pid!);
    process.kill(target, 'SIGSTOP');
    const stoppedAt = Date.now();

    // The run ends by itself: the frozen target fails the other cases fast instead of each waiting 3 s or more.
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('still running after 60 s'), 60_000)))]);
    clearTimeout(timer);
    assert.equal(code, 1, stderr);
    const returnedAfter = Date.now() - stoppedAt;
    const lines = stderr.split('\n').filter((line) => /^\[\d\/3\]/.test(line));
    assert.equal(lines.length, 3, stderr);
    const aborted = /^\[1\/3\] (\S+) aborted in (\d+\.\d) s, .*deadline of 3 s/.exec(lines[0]!);
    assert.ok(aborted, `the first case was not cut off at its deadline: ${lines[0]}`);
    assert.ok(Number(aborted[2]) < 4, `the case was cut off ${aborted[2]} s after its start, more than 1 s after its deadline`);
    for (const line of lines.slice(1)) assert.match(line, /failed in \d+\.\d s, not measured: the target does not answer its control routes \(stopped\?\)/);

    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(reportProblems(report), []);
    assert.notEqual(report.partial, true);
    const cut = report.cases.find((result: { id: string }) => result.id === aborted[1]);
    assert.equal(cut.state, 'aborted');
    // Every request accounted for, those the cut left in flight as cancelled (the frozen target holds one).
    assert.equal(cut.counts.sent, cut.counts.ok + cut.counts.failed, JSON.stringify(cut.counts));
    assert.equal(cut.errors.total, cut.counts.failed);
    assert.ok(cut.errors.byKind.cancelled >= 1, JSON.stringify(cut.errors.byKind));

    // The stopped target too is gone (continued and terminated, or killed).
    await sleep(2_000);
    const left = [...before.filter(running), ...pids().filter((pid) => pid !== process.pid && running(pid) && cmdline(pid).includes(out))];
    assert.deepEqual([...new Set(left)].map((pid) => `${pid} ${cmdline(pid)}`), [], `left 2 s after the run returned (${returnedAfter} ms after the stop)`);
  } finally {
    for (const pid of before.filter(running)) process.kill(pid, 'SIGKILL');
    if (bench.exitCode === null && bench.signalCode === null) bench.kill('SIGKILL');
  }
});
