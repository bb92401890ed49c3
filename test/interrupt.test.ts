import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { ROOT } from './cli-helpers.ts';

/** Processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Starts a run of three cases, waits until the first has finished, interrupts it with `interrupt` (given
 * tsx's pid and the pids below it) and checks the partial report, the last line and that no process is left.
 */
async function interruptAfterFirstCase(interrupt: (tsxPid: number, descendants: number[]) => void): Promise<void> {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'partial.json');
  const bench = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/bench.ts`, '--strategies', 'sequential,shared-agent,limited-pool', '--clients', 'undici', '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the last line must have been read before it is checked.
  const exited = new Promise<number | null>((resolve) => bench.on('close', (code) => resolve(code)));
  // Wait until the first case has finished, so the run is well under way.
  const deadline = Date.now() + 30_000;
  while (!/\[1\/3\]/.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(stderr, /\[1\/3\]/, 'the first case never finished');
  // tsx runs the script in a child of its own; the target is a child of that one.
  const descendants = (pid: number): number[] => childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
  const before = descendants(bench.pid!);
  assert.ok(before.length >= 2, `expected the script and its target among ${before.join(', ')}`);
  interrupt(bench.pid!, before);
  assert.equal(await exited, 130, stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.partial, true);
  assert.deepEqual(reportProblems(report), []);
  assert.ok(report.cases.length >= 1 && report.cases.length <= 3);
  assert.match(stderr, /interrupted; the partial report/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const pid of before) assert.ok(!existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), `process ${pid} is still running`);
}

test('Ctrl-C in the middle of a run: partial report, no target left behind, exit 130', { skip: !existsSync('/proc/self/stat') && 'needs /proc' }, async () => {
  await interruptAfterFirstCase((tsxPid) => process.kill(tsxPid, 'SIGINT'));
});

test('one Ctrl-C that reaches the script twice (from the terminal and relayed by tsx) is not taken for a second one', { skip: !existsSync('/proc/self/stat') && 'needs /proc' }, async () => {
  // A terminal signals its whole process group: tsx, which relays the signal to the script, and the script itself.
  await interruptAfterFirstCase((tsxPid, [script]) => {
    process.kill(script!, 'SIGINT');
    process.kill(tsxPid, 'SIGINT');
    setTimeout(() => process.kill(script!, 'SIGINT'), 5);
  });
});

test('SIGHUP (the terminal or ssh session closed) is taken like Ctrl-C: partial report, exit 130', { skip: !existsSync('/proc/self/stat') && 'needs /proc' }, async () => {
  // A closing terminal signals its foreground group; the script is the process that must handle it.
  await interruptAfterFirstCase((_tsxPid, [script]) => process.kill(script!, 'SIGHUP'));
});
