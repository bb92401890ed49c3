import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { HttpStatusError } from '../clients/http-client.ts';
import { CLIENT_NAMES } from '../clients/index.ts';
import { buildPlan } from '../harness/plan.ts';
import { retryDelayMs } from '../harness/retry-policy.ts';
import { runPlan } from '../harness/runner.ts';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { faultFor, parseFaultSpec } from '../mock-server/faults.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { isLoopback } from '../mock-server/loopback.ts';
import { reportProblems } from '../report/schema.ts';
import { testSuite } from './helpers.ts';

const FAULTS = 'http500:6%,reset:4%,hang:3%,empty:3%,malformed:4%';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec('2'), seed: 5, payloadBytes: 256, faults: parseFaultSpec(FAULTS) });
});
after(() => target.stop());

test('every client sorts every injected fault into its kind, and every request is accounted for', async () => {
  const plan = buildPlan(
    { ...testSuite, seed: 5, target: { ...testSuite.target, latency: '2', fault: FAULTS }, timeout: 200, iterations: 1, warmup: 0 },
    { strategies: ['limited-pool'], clients: CLIENT_NAMES, requests: 120, concurrency: [6] },
  );
  const report = await runPlan(plan);
  assert.deepEqual(reportProblems(report), []);
  for (const result of report.cases) {
    assert.equal(result.state, 'ok', `${result.id}: ${result.problems.join('; ')}`);
    const injected = result.target.perIteration[0]!.faults;
    const kinds = result.errors.byKind;
    assert.equal(result.counts.sent, 120);
    assert.equal(result.counts.sent, result.counts.ok + result.counts.failed, result.id);
    assert.equal(result.target.received, result.counts.attempts, result.id);
    assert.equal(kinds.http5xx, injected.http500 ?? 0, `${result.id} http5xx`);
    assert.equal(kinds.reset, (injected.reset ?? 0) + (injected.empty ?? 0), `${result.id} reset`);
    assert.equal(kinds.malformed, injected.malformed ?? 0, `${result.id} malformed`);
    assert.equal(kinds.timeout, injected.hang ?? 0, `${result.id} timeout`);
    assert.equal(kinds.other, 0, `${result.id}: ${result.errors.samples.join(' | ')}`);
    assert.ok(result.counts.failed > 0);
  }
});

test('retries raise the success rate, and each retry reaches the target as a request of its own', async () => {
  const run = async (retries: number) => {
    const plan = buildPlan(
      { ...testSuite, seed: 5, target: { ...testSuite.target, latency: '2', fault: 'http500:10%,reset:5%' }, timeout: 500, retries, iterations: 1, warmup: 0 },
      { strategies: ['queue-workers'], clients: ['undici'], requests: 100, concurrency: [5] },
    );
    return (await runPlan(plan)).cases[0]!;
  };
  const once = await run(0);
  const retried = await run(3);
  assert.ok(retried.counts.ok > once.counts.ok, `ok ${retried.counts.ok} with retries vs ${once.counts.ok} without`);
  assert.equal(once.errors.retries.total, 0);
  assert.ok(retried.errors.retries.total > 0);
  assert.equal(retried.counts.attempts, retried.counts.sent + retried.errors.retries.total);
  assert.equal(retried.target.received, retried.counts.attempts);
});

test('the rate limit answers 429 with Retry-After, and a retry waits that long', async () => {
  const limited = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 64, rateLimitPerSecond: 5 });
  try {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let n = 0; n < 8; n++) {
      const response = await request(`${limited.url}/req?id=r${n}&n=${n}`);
      await response.body.dump();
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = response.headers['retry-after'];
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.ok(statuses.slice(5).includes(429));
    assert.equal(retryAfter, '1');
    assert.equal((await limited.stats()).faults.http429, statuses.filter((s) => s === 429).length);
  } finally {
    await limited.stop();
  }
  const policy = { timeoutMs: 100, retries: 3, backoffBaseMs: 10, backoffCapMs: 1000, seed: 1 };
  assert.equal(retryDelayMs(policy, 0, 0, new HttpStatusError(429, 2)), 2000);
  const backoff = retryDelayMs(policy, 0, 3, new HttpStatusError(500));
  assert.ok(backoff >= 0 && backoff <= 80, `full jitter under 10 x 2^3 ms, got ${backoff}`);
});

test('a case past its deadline is cut off as aborted and the run goes on', async () => {
  // The slow case needs 4 x 40 x 20 ms = 3.2 s; the fast one about 0.2 s, with room for a busy machine
  // (at a 0.3 s deadline its target resets and stats alone went over it under load).
  const plan = buildPlan({ ...testSuite, target: { ...testSuite.target, latency: '20' }, deadline: 2000, iterations: 3 }, { strategies: ['sequential', 'promise-all'], requests: 40 });
  const started = performance.now();
  const report = await runPlan(plan);
  assert.ok(performance.now() - started < 10_000);
  const [slow, fast] = report.cases;
  assert.equal(slow!.state, 'aborted');
  assert.match(slow!.problems[0]!.message, /deadline of 2 s/);
  // Typed: the kind says which check, the data the figure behind it.
  assert.deepEqual({ kind: slow!.problems[0]!.kind, data: slow!.problems[0]!.data }, { kind: 'deadline', data: { deadlineMs: 2000 } });
  assert.equal(slow!.problems.at(-1)!.kind, 'iterations-missing');
  assert.equal(fast!.state, 'ok', fast!.problems.join('; '));
  assert.deepEqual(reportProblems(report), []);
});

test('faults are drawn from (seed, index, attempt): repeatable, and a retry gets a fresh draw', () => {
  const faults = parseFaultSpec('http500:50%');
  const draws = (seed: number, attempt: number) => Array.from({ length: 40 }, (_, n) => faultFor(faults, seed, n, attempt) ?? '-');
  assert.deepEqual(draws(3, 0), draws(3, 0));
  assert.notDeepEqual(draws(3, 0), draws(3, 1));
  assert.notDeepEqual(draws(3, 0), draws(4, 0));
});

test('loopback means 127.0.0.0/8 and ::1 only', () => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopback(address), address);
  for (const address of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', '8.8.8.8', undefined]) assert.ok(!isLoopback(address), String(address));
});

test('two targets with the same seed apply the same latency sequence', async () => {
  const model = parseLatencySpec('lognormal:5,0.8');
  const sequence = async (seed: number) => {
    const one = await startTarget({ latency: model, seed, payloadBytes: 64 });
    try {
      const drawn = [];
      for (let n = 0; n < 12; n++) drawn.push(JSON.parse(await (await request(`${one.url}/req?id=s&n=${n}`)).body.text()).latencyMs);
      return drawn;
    } finally {
      await one.stop();
    }
  };
  const first = await sequence(9);
  assert.deepEqual(await sequence(9), first);
  assert.notDeepEqual(await sequence(10), first);
});

test('a resource error is counted with a one-line cause and a hint, not a stack trace', async () => {
  const { RequestRecorder } = await import('../harness/request-recorder.ts');
  const { NO_PREPARATION } = await import('../harness/preparation.ts');
  const { undiciClient } = await import('../clients/undici.ts');
  const { resourceHint } = await import('../harness/error-kinds.ts');
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const client = await undiciClient.create('http://127.0.0.1:1', { keepAlive: true, maxSockets: 1, timeoutMs: 1000 });
  const recorder = new RequestRecorder();
  await recorder.channel(client, 'refused', NO_PREPARATION, { timeoutMs: 1000, retries: 0, backoffBaseMs: 10, backoffCapMs: 100, seed: 1 }).send(0);
  await client.close();
  assert.deepEqual([recorder.sent, recorder.ok, recorder.failed], [1, 0, 1]);
  assert.match(recorder.errorSamples[0] ?? '', /ECONNREFUSED: the target refused the connection/);
  assert.doesNotMatch(recorder.errorSamples[0] ?? '', /\n/);
  for (const code of ['EMFILE', 'EADDRNOTAVAIL']) {
    assert.match(resourceHint(Object.assign(new Error('x'), { cause: Object.assign(new Error('y'), { code }) })) ?? '', new RegExp(`^${code}: .*(ulimit|keep-alive)`));
  }
  assert.equal(resourceHint(new Error('plain')), undefined);
});
