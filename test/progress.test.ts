import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatDuration, RateWindow } from '../cli/progress-bars.ts';
import { isCi, wantsProgressBars } from '../cli/progress.ts';
import { LiveCaseCounts, type CaseLive } from '../harness/live-counts.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { RequestRecorder } from '../harness/request-recorder.ts';
import { reportProblems } from '../report/schema.ts';
import { runScript, runScriptInTerminal, screenOf, SCRIPT, startScriptInTerminal } from './cli-helpers.ts';
import { testSuite } from './helpers.ts';

const noScript = !existsSync(SCRIPT) && `needs util-linux script at ${SCRIPT}`;

/** Each run's report goes to a temporary file, not to a new results/<timestamp>.json. */
const out = () => ['--out', join(mkdtempSync(join(tmpdir(), 'fanout-')), 'report.json')];
/** A short run of two cases: plain lines are checked on it. */
const TWO_CASES = ['--suite', 'smoke', '--strategies', 'sequential,shared-agent', '--requests', '10', '--iterations', '1'];
/** One case of about 4 s: 60 sequential requests at 20 ms, 1 warm-up + 2 iterations. */
const ONE_CASE = ['--suite', 'smoke', '--strategies', 'sequential', '--requests', '60', '--latency', '20', '--iterations', '2'];
const FINISHED = /^\[(\d)\/2\] (sequential|shared-agent)\/undici\/c1\/n10 ok in \d+\.\d s, \d+ req\/s, efficiency \d\.\d\d, peak RSS \d+ MB$/;

/** The plain lines of a run: the header, then one finished line per case, in order, and nothing else. */
function assertPlainLines(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  assert.match(lines[0]!, /^fanout: suite smoke, 2 cases x 1 iterations \(\+1 warm-up\), 10 requests each/);
  assert.equal(lines.length, 3, stderr);
  assert.deepEqual(lines.slice(1).map((line) => FINISHED.exec(line)?.[1]), ['1', '2'], stderr);
}

/** Every line the terminal showed: control sequences and carriage returns split frames apart. */
function framesOf(terminal: string): string[] {
  // eslint-disable-next-line no-control-regex
  return terminal.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[78]/g, '\n').split(/[\r\n]+/).filter((line) => line.trim() !== '');
}

test('in a terminal: a live bar on stderr, redrawn as requests finish, then the case\'s finished line', { skip: noScript }, () => {
  const run = runScriptInTerminal('bench.ts', [...ONE_CASE, ...out()]);
  assert.equal(run.status, 0, run.terminal);
  assert.match(run.terminal, /\x1b\[/, 'the bar is drawn in place with control sequences');
  const frames = framesOf(run.terminal);
  const bar = /^\[1\/1\] sequential\/undici\/c1\/n60 [█░]{20} (\d+)\/(\d+) req, (starting|warm-up|iteration [12]\/2) \| (\d+) req\/s \| (\d+) errors \| ETA (--|\d+s)$/;
  const drawn = frames.map((frame) => bar.exec(frame)).filter((match) => match !== null);
  assert.ok(drawn.length >= 5, `expected several bar frames, got ${drawn.length}:\n${frames.join('\n')}`);
  const done = drawn.map((match) => Number(match[1]));
  assert.ok(drawn.every((match) => match[2] === '180'), 'the total is the whole case: (1 warm-up + 2 iterations) x 60');
  assert.deepEqual(done, [...done].sort((a, b) => a - b), `done counts never go back: ${done.join(' ')}`);
  const midway = new Set(done.filter((count) => count > 0 && count < 180));
  assert.ok(midway.size >= 4, `the bar moved while requests finished: ${done.join(' ')}`);
  assert.ok(drawn.some((match) => match[3] === 'warm-up') && drawn.some((match) => match[3] === 'iteration 2/2'), 'the bar says which iteration runs');
  assert.ok(drawn.some((match) => Number(match[4]) > 10), 'a current req/s is shown');
  assert.ok(drawn.every((match) => match[5] === '0'), 'no errors');
  assert.ok(drawn.some((match) => /^\d+s$/.test(match[6]!)), 'an ETA is shown');
  // The bar gives way to the finished line: the screen is left with the header and that line only.
  const screen = screenOf(run.terminal);
  assert.equal(screen.length, 2, screen.join('\n'));
  assert.match(screen[0]!, /^fanout: suite smoke, 1 cases x 2 iterations \(\+1 warm-up\), 60 requests each/);
  assert.match(screen[1]!, /^\[1\/1\] sequential\/undici\/c1\/n60 ok in \d+\.\d s, \d+ req\/s, efficiency \d\.\d\d, peak RSS \d+ MB$/);
  // stdout carries the table and nothing of the bar.
  assert.match(run.stdout, /│ sequential +│[^\n]*\n│ undici C=1 +│/);
  assert.doesNotMatch(run.stdout, /[\x1b\r]|req, warm-up/);
});

test('Ctrl-C in a terminal: its message and the aborted case\'s line stay on the screen, the bar goes', { skip: noScript }, async () => {
  const { run, exited } = startScriptInTerminal('bench.ts', [...ONE_CASE, ...out()]);
  try {
    const deadline = Date.now() + 30_000;
    while (!/req, iteration 1\/2/.test(run.terminal) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(run.terminal, /req, iteration 1\/2/, 'the bar never reached the first measured iteration');
    run.child.stdin.write('\x03'); // what the terminal sends for Ctrl-C: SIGINT to the foreground processes
    assert.equal(await exited, 130, run.terminal);
  } finally {
    if (run.child.exitCode === null) run.child.kill();
  }
  const screen = screenOf(run.terminal);
  assert.equal(screen.length, 4, screen.join('\n'));
  assert.match(screen[1]!, /^bench: SIGINT: stopping the case in progress and writing a partial report/);
  assert.match(screen[2]!, /^\[1\/1\] sequential\/undici\/c1\/n60 aborted in \d+\.\d s, .*: interrupted$/);
  assert.match(screen[3]!, /^bench: interrupted; the partial report \(1 of 1 cases\)/);
});

test('CI=true, with stdout and stderr as pipes or a terminal: one plain line per case, no control characters', { skip: noScript }, () => {
  const piped = runScript('bench.ts', [...TWO_CASES, ...out()], 60_000, { ...process.env, CI: 'true' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.doesNotMatch(piped.stderr, /[\r\x1b]/);
  assertPlainLines(piped.stderr);
  assert.match(piped.stdout, /│ shared-agent +│[^\n]*\n│ undici C=1 +│/);
  // Even in a terminal: a CI log gets the plain lines.
  const terminal = runScriptInTerminal('bench.ts', [...TWO_CASES, ...out()], { env: { CI: 'true' } });
  assert.equal(terminal.status, 0, terminal.terminal);
  const stderr = terminal.terminal.replaceAll('\r\n', '\n'); // the pty's own line ending
  assert.doesNotMatch(stderr, /[\r\x1b]/);
  assertPlainLines(stderr);
});

test('--quiet in a terminal: the plain lines, not the bars', { skip: noScript }, () => {
  const run = runScriptInTerminal('bench.ts', [...TWO_CASES, ...out(), '--quiet']);
  assert.equal(run.status, 0, run.terminal);
  const stderr = run.terminal.replaceAll('\r\n', '\n');
  assert.doesNotMatch(stderr, /[\r\x1b]/);
  assertPlainLines(stderr);
});

test('--json in a terminal: stdout is only the report, the progress stays on stderr', { skip: noScript }, () => {
  const run = runScriptInTerminal('bench.ts', [...TWO_CASES, ...out(), '--json']);
  assert.equal(run.status, 0, run.terminal);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(reportProblems(report), []);
  assert.equal(report.cases.length, 2);
  const frames = framesOf(run.terminal);
  assert.deepEqual(frames.map((frame) => FINISHED.exec(frame)?.[1]).filter(Boolean), ['1', '2'], frames.join('\n'));
});

test('bars only in a terminal, outside CI, without --quiet', () => {
  assert.equal(wantsProgressBars(false, { isTTY: true }, {}), true);
  assert.equal(wantsProgressBars(true, { isTTY: true }, {}), false);
  assert.equal(wantsProgressBars(false, {}, {}), false);
  assert.equal(wantsProgressBars(false, { isTTY: true }, { CI: 'true' }), false);
  for (const value of ['true', '1', 'yes', 'TRUE', 'woodpecker']) assert.equal(isCi({ CI: value }), true, value);
  for (const value of [undefined, '', '0', 'false', 'False', 'no']) assert.equal(isCi({ CI: value }), false, String(value));
});

test('live counts add up the finished iterations, the running one and what threads reported', () => {
  const live = new LiveCaseCounts(10, 1, 2);
  assert.equal(live.total, 30);
  assert.equal(live.phase(), undefined);
  const warmup = new RequestRecorder();
  live.iterationStarted('warmup', warmup);
  warmup.ok = 9;
  warmup.errors.timeout = 1;
  assert.deepEqual([live.completed(), live.failed()], [10, 1]);
  const first = new RequestRecorder();
  live.iterationStarted('run', first);
  assert.deepEqual(live.phase(), { mode: 'run', iteration: 1 });
  first.ok = 4;
  let unmerged = { completed: 3, failed: 2 };
  live.countThreads({ unmergedCounts: () => unmerged });
  assert.deepEqual([live.completed(), live.failed()], [17, 3]);
  unmerged = { completed: 0, failed: 0 };
  first.ok = 7;
  first.errors.reset = 2;
  assert.deepEqual([live.completed(), live.failed()], [19, 3]);
});

test('the current rate spans about the last second; durations read as 42s, 3m05s, 1h02m', () => {
  const window = new RateWindow(1000);
  assert.equal(window.add(0, 0), 0);
  assert.equal(window.add(500, 50), 100);
  assert.equal(window.add(1000, 100), 100);
  // From here the oldest sample kept is a second back: 200 requests in the last second, then a stall.
  assert.equal(window.add(1500, 250), 200);
  assert.equal(window.add(2500, 250), 0);
  assert.deepEqual([formatDuration(42.4), formatDuration(185), formatDuration(3720), formatDuration(-1)], ['42s', '3m05s', '1h02m', '0s']);
});

test('worker threads report their counts while they run, not only when their share is done', async () => {
  // Two threads, 60 requests each, one at a time at 10 ms: a share takes over 0.6 s, a report comes every 0.2 s.
  const plan = buildPlan({ ...testSuite, threads: 2, warmup: 0, iterations: 1, target: { ...testSuite.target, latency: '10ms' } }, { strategies: ['worker-threads'], requests: 120, concurrency: [2] });
  const seen: number[] = [];
  let live: CaseLive | undefined;
  const poll = setInterval(() => live && seen.push(live.completed()), 50);
  try {
    const report = await runPlan(plan, {
      progress: {
        caseStarted(_spec, _index, _total, caseLive) {
          live = caseLive;
        },
      },
    });
    assert.equal(report.cases[0]?.state, 'ok');
  } finally {
    clearInterval(poll);
  }
  assert.equal(live?.total, 120);
  assert.equal(live?.completed(), 120);
  assert.equal(live?.failed(), 0);
  // Before either share is merged (60 each), only the threads' progress messages can show a count.
  assert.ok(seen.some((count) => count > 0 && count < 60), `counts seen: ${seen.join(' ')}`);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'counts never go back');
});
