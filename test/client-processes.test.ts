import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { testSuite } from './helpers.ts';

/** The client processes this process has started (Linux: read from /proc). */
function clientProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field of /proc/PID/stat, after the command in parentheses.
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('client-process-host')) pids.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return pids;
}

test("each client's cases run in a process of their own; one that dies fails its case with the cause, and the run goes on", async () => {
  // Round 1 runs the shuffled cases one at a time: 40 requests one after another at 20 ms, 0.8 s each.
  const plan = buildPlan(
    { ...testSuite, warmup: 0, iterations: 1, rounds: 1, target: { ...testSuite.target, latency: '20ms' } },
    { strategies: ['sequential'], clients: ['undici', 'http'], requests: 40 },
  );
  const seen = new Set<number>();
  let killed: { client: string; pid: number } | undefined;
  const running = runPlan(plan, {
    progress: {
      caseStarted(spec, index, _total, live) {
        if (index !== 0) return;
        // Kill the first case's process once it is running the case (progress reports from it arrive).
        const kill = setInterval(() => {
          const [pid] = clientProcesses();
          if (pid === undefined || live.completed() < 5) return;
          clearInterval(kill);
          killed = { client: spec.client.name, pid };
          process.kill(pid, 'SIGKILL');
        }, 20);
      },
      caseFinished() {
        for (const pid of clientProcesses()) seen.add(pid);
      },
    },
  });
  const watch = setInterval(() => clientProcesses().forEach((pid) => seen.add(pid)), 50);
  const report = await running.finally(() => clearInterval(watch));
  assert.ok(killed, 'no client process was seen');
  const dead = report.cases.find((result) => result.client === killed!.client)!;
  const alive = report.cases.find((result) => result.client !== killed!.client)!;
  assert.equal(dead.state, 'failed');
  assert.match(dead.problems.map((problem) => problem.message).join('; '), /^the case stopped: its client process exited \(SIGKILL\)/);
  assert.equal(alive.state, 'ok', alive.problems.map((problem) => problem.message).join('; '));
  assert.ok(seen.size >= 2, `client processes seen: ${[...seen].join(', ')}`);
  assert.deepEqual(clientProcesses(), [], 'a client process outlived the run');
});

test('inProcess runs the cases in the harness process: no client process is started', async () => {
  const plan = buildPlan({ ...testSuite, warmup: 0, iterations: 1 }, { strategies: ['sequential'], clients: ['undici'] });
  let during: number[] = [];
  const report = await runPlan(plan, { inProcess: true, progress: { caseFinished: () => (during = clientProcesses()) } });
  assert.equal(report.cases[0]!.state, 'ok');
  assert.deepEqual(during, []);
});
