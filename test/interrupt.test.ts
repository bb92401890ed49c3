import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { ROOT, scriptCommand } from './cli-helpers.ts';
import { cmdline, descendants, fdsOf, linkOf, pids, read, running, sleep } from './processes.ts';

const noProc = !existsSync('/proc/self/stat') && 'needs /proc';
/** The TCP ports `pid` listens on: its socket inodes, looked up in /proc/net/tcp and tcp6 (state 0A). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of fdsOf(pid)) {
    const match = /^socket:\[(\d+)\]$/.exec(linkOf(`/proc/${pid}/fd/${fd}`));
    if (match) inodes.add(match[1]!);
  }
  return listening().filter(({ inode }) => inodes.has(inode)).map(({ port }) => port);
}
function listening(): { port: number; inode: string }[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    read(file)
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[3] === '0A')
      .map((columns) => ({ port: parseInt(columns[1]!.split(':').at(-1)!, 16), inode: columns[9]! })),
  );
}

/**
 * What is left of a run: the processes it had (`before`) still running, any process whose command line
 * names the run's unique report path, and anything still listening on the target's ports.
 */
function leftovers(before: number[], out: string, ports: number[]): string[] {
  const self = process.pid;
  const named = pids().filter((pid) => pid !== self && cmdline(pid).includes(out) && running(pid));
  const alive = [...new Set([...before.filter(running), ...named])].map((pid) => `process ${pid} (${cmdline(pid).slice(0, 120)})`);
  const listeners = listening().filter(({ port }) => ports.includes(port)).map(({ port }) => `something still listens on the target's port ${port}`);
  return [...alive, ...listeners];
}

interface Interrupted {
  /** Its exit code, or the signal that ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  report?: { partial?: boolean; cases: unknown[] };
}

interface RunOptions {
  /** Extra bench arguments. */
  args?: string[];
  /** Start it as `npm run bench -- ...` (which builds dist/ first) instead of as scriptCommand says. */
  npm?: boolean;
  /** A partial report must be written (not so when a second Ctrl-C may quit at once). */
  reportWanted?: boolean;
}

/**
 * Starts a run of three cases in a process group of its own, waits until the first has finished, stops
 * it with `interrupt` (given the command's pid, the script's, which is the same unless a parent such as
 * tsx or npm runs it, and the target's pid), waits for the
 * command to return and for the partial report, and checks that nothing of the run is left 2 s after the
 * command returned.
 */
async function interruptAfterFirstCase(
  interrupt: (command: number, script: number, target: number) => unknown,
  { args = [], npm = false, reportWanted = true }: RunOptions = {},
): Promise<Interrupted> {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'partial.json');
  const benchArgs = ['--strategies', 'sequential,shared-agent,limited-pool', '--clients', 'undici', '--out', out, ...args];
  const [node, script] = scriptCommand('bench.ts');
  const [command, commandArgs] = npm ? ['npm', ['run', 'bench', '--', ...benchArgs]] : [node, [script, ...benchArgs]];
  // detached: a process group of its own, which can be signalled as a terminal signals its foreground group.
  const bench = spawn(command, commandArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  bench.stdout.resume();
  // 'exit', not 'close': under npm the script can outlive npm, and it holds the pipes.
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => bench.on('exit', (code, signal) => resolve([code, signal])));
  let before: number[] = [];
  try {
    // Generous: a busy 2-core machine, and npm builds dist/ first.
    const started = Date.now();
    while (!/\[1\/3\]/.test(stderr) && Date.now() - started < 120_000 && bench.exitCode === null) await sleep(100);
    assert.match(stderr, /\[1\/3\]/, `the first case never finished: ${stderr}`);
    before = descendants(bench.pid!);
    const target = before.find((pid) => cmdline(pid).includes('mock-server'));
    assert.ok(target, `no target among ${before.map((pid) => `${pid} ${cmdline(pid)}`).join('; ')}`);
    const ports = listeningPorts(target);
    assert.ok(ports.length > 0, 'the target listens on no port');
    // Under tsx or npm the script is a process below the command; run straight, the command itself.
    const scriptPid = before.find((pid) => cmdline(pid).includes('scripts/bench')) ?? bench.pid!;
    await interrupt(bench.pid!, scriptPid, target);
    const [code, signal] = await exited;
    const returned = Date.now();
    // Under npm the script may still be writing when npm has returned.
    while (reportWanted && !existsSync(out) && Date.now() - returned < 10_000) await sleep(50);
    if (reportWanted) assert.ok(existsSync(out), `no report was written: ${stderr}`);
    // The report is written to a temporary file and renamed (atomic-write.ts): once there, it is whole.
    const report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
    await sleep(Math.max(0, returned + 2_000 - Date.now()));
    assert.deepEqual(leftovers(before, out, ports), [], 'nothing of the run may be left 2 s after the command returned');
    return { code, signal, stderr, report };
  } finally {
    // A failed check must not leave the run behind for the next test.
    for (const pid of before.filter(running)) process.kill(pid, 'SIGKILL');
    if (bench.exitCode === null && bench.signalCode === null) bench.kill('SIGKILL');
  }
}

/** The checks every interrupted run passes: a valid partial report with the cases that ran, said on stderr. */
function assertPartial({ report, stderr }: Interrupted): void {
  assert.ok(report);
  assert.equal(report.partial, true);
  assert.deepEqual(reportProblems(report), []);
  assert.ok(report.cases.length >= 1 && report.cases.length <= 3);
  assert.match(stderr, /interrupted; the partial report/);
}

test('Ctrl-C in the middle of a run: partial report, no target left behind, exit 130', { skip: noProc }, async () => {
  const run = await interruptAfterFirstCase((command) => process.kill(command, 'SIGINT'));
  assert.equal(run.code, 130, run.stderr);
  assertPartial(run);
});

test('one Ctrl-C that reaches the script more than once (from the terminal and relayed by a parent such as tsx) is not taken for a second one', { skip: noProc }, async () => {
  // A terminal signals its whole process group: a parent such as tsx, which relays the signal to the
  // script, and the script itself.
  const run = await interruptAfterFirstCase((command, script) => {
    process.kill(script, 'SIGINT');
    process.kill(command, 'SIGINT');
    setTimeout(() => process.kill(script, 'SIGINT'), 5);
  });
  assert.equal(run.code, 130, run.stderr);
  assertPartial(run);
});

test('SIGHUP (the terminal or ssh session closed) is taken like Ctrl-C: partial report, exit 130', { skip: noProc }, async () => {
  // A closing terminal signals its foreground group; the script is the process that must handle it.
  const run = await interruptAfterFirstCase((_command, script) => process.kill(script, 'SIGHUP'));
  assert.equal(run.code, 130, run.stderr);
  assertPartial(run);
});

// --prep-cpu 200: each request holds the event loop for 200 ms, so a signal lands in a burn nearly every
// time (tsx, when it runs the script, SIGKILLs a script that has not taken the signal it relayed within ~60 ms).
const BUSY = ['--prep-cpu', '200', '--requests', '4', '--iterations', '2'];

test('Ctrl-C while --prep-cpu holds the event loop (SIGINT to the whole process group, as a terminal sends it): partial report, exit 130', { skip: noProc }, async () => {
  const run = await interruptAfterFirstCase(async (pid) => {
    await sleep(300);
    process.kill(-pid, 'SIGINT');
  }, { args: BUSY });
  assert.equal(run.code, 130, run.stderr);
  assertPartial(run);
});

test('SIGTERM to the command while --prep-cpu holds the event loop: partial report, exit 130', { skip: noProc }, async () => {
  const run = await interruptAfterFirstCase(async (command) => {
    await sleep(300);
    process.kill(command, 'SIGTERM');
  }, { args: BUSY });
  assert.equal(run.code, 130, run.stderr);
  assertPartial(run);
});

test('SIGTERM to `npm run bench` (timeout, a cancelled CI job): the script still writes its partial report, and nothing is left', { skip: noProc }, async () => {
  // npm passes the SIGTERM to the shell it runs the script in, which dies of it and returns at once
  // (143); the script sees its parent gone and stops as it would on a signal. Were the script exec'd by
  // that shell, npm would pass the signal to it directly and return its 130.
  const run = await interruptAfterFirstCase((npmPid) => process.kill(npmPid, 'SIGTERM'), { npm: true, args: ['--requests', '20'] });
  assert.ok(run.code === 130 || run.code === 143 || run.signal === 'SIGTERM', `npm returned ${run.code ?? run.signal}: ${run.stderr}`);
  assertPartial(run);
});

test('a stopped (SIGSTOP) target and two Ctrl-C a second apart: nothing is left, the target included', { skip: noProc }, async () => {
  const run = await interruptAfterFirstCase(async (command, _script, target) => {
    process.kill(target, 'SIGSTOP');
    process.kill(command, 'SIGINT');
    await sleep(1_200);
    if (running(command)) process.kill(command, 'SIGINT');
  }, { reportWanted: false });
  // The first Ctrl-C already stops the target (continued, then terminated) and writes the report; a
  // second one that comes first quits at once, and the target is SIGKILLed on the way out.
  assert.equal(run.code, 130, run.stderr);
});
