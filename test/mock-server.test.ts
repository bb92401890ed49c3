import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agent, request } from 'undici';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { CLIENTS } from '../clients/index.ts';
import { latencyFor, parseLatencySpec } from '../mock-server/latency.ts';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec('30ms'), seed: 1, payloadBytes: 500 });
});
after(() => target.stop());

test('echoes the request id in the body and the header, with a body of the configured size', async () => {
  const response = await request(`${target.url}/req?id=abc-7`);
  const text = await response.body.text();
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['x-request-id'], 'abc-7');
  assert.equal(JSON.parse(text).id, 'abc-7');
  assert.equal(Buffer.byteLength(text), 500);
});

test('applies the configured latency, and a per-request override', async () => {
  for (const [query, expectedMs] of [['', 30], ['&latency=60', 60]] as const) {
    const started = performance.now();
    const response = await request(`${target.url}/req?id=x${query}`);
    await response.body.dump();
    const elapsed = performance.now() - started;
    // Timers may fire up to 1 ms early against a wall clock; the upper bound only catches a missing wait.
    assert.ok(elapsed >= expectedMs - 1, `took ${elapsed} ms, expected at least ${expectedMs}`);
    assert.ok(elapsed < expectedMs + 200, `took ${elapsed} ms, expected about ${expectedMs}`);
  }
});

test('rejects a latency override that is not a number', async () => {
  const response = await request(`${target.url}/req?id=x&latency=soon`);
  await response.body.dump();
  assert.equal(response.statusCode, 400);
});

test('counts requests, connections and peak in flight since the reset, ignoring control calls', async () => {
  await target.reset();
  const zero = await target.stats();
  assert.deepEqual([zero.received, zero.connections, zero.peakInFlight], [0, 0, 0]);
  // Three requests at once, each on a new connection.
  const fresh = new Agent({ pipelining: 0 });
  await Promise.all(
    ['a', 'b', 'c'].map(async (id) => {
      const response = await request(`${target.url}/req?id=${id}`, { dispatcher: fresh });
      await response.body.dump();
    }),
  );
  await fresh.close();
  const stats = await target.stats();
  assert.equal(stats.received, 3);
  assert.equal(stats.connections, 3);
  assert.equal(stats.peakInFlight, 3);
  assert.equal(stats.inFlight, 0);
  assert.ok(stats.appliedLatencyMs.mean >= 29, `applied ${stats.appliedLatencyMs.mean} ms`);
  assert.ok(stats.arrivalSpreadMs >= 0 && stats.arrivalSpreadMs < 30);
});

test('a kept-alive connection opened before the reset is reused, not counted as opened', async () => {
  const agent = new Agent({ connections: 1 });
  const get = async (id: string) => (await request(`${target.url}/req?id=${id}&latency=0`, { dispatcher: agent })).body.dump();
  await get('before');
  await target.reset();
  await get('after');
  const stats = await target.stats();
  await agent.close();
  assert.equal(stats.received, 1);
  assert.equal(stats.connections, 0);
});

test('draws each request\'s latency from its index and the seed: same seed, same sequence', async () => {
  const model = parseLatencySpec('uniform:1-40');
  const seeded = await startTarget({ latency: model, seed: 7, payloadBytes: 64 });
  try {
    const applied = async (n: number) => JSON.parse(await (await request(`${seeded.url}/req?id=q&n=${n}`)).body.text()).latencyMs;
    const indices = [3, 0, 11, 3];
    const drawn = [];
    for (const n of indices) drawn.push(await applied(n));
    assert.deepEqual(drawn, indices.map((n) => latencyFor(model, 7, n)));
    assert.equal(drawn[0], drawn[3]);
    assert.notEqual(latencyFor(model, 7, 3), latencyFor(model, 8, 3));
  } finally {
    await seeded.stop();
  }
});

test('sends a body chunked, or dribbled over a duration, and clients still read all of it', async () => {
  const slow = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 300, delivery: { chunked: true, slowBodyMs: 120 } });
  try {
    const started = performance.now();
    const response = await request(`${slow.url}/req?id=slow-1`);
    const text = await response.body.text();
    const elapsed = performance.now() - started;
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    assert.equal(response.headers['content-length'], undefined);
    assert.equal(Buffer.byteLength(text), 300);
    assert.equal(JSON.parse(text).id, 'slow-1');
    assert.ok(elapsed >= 110, `the body took ${elapsed} ms, expected about 120`);
    for (const definition of CLIENTS) {
      const client = await definition.create(slow.url, { keepAlive: true, maxSockets: 1, timeoutMs: 5000 });
      await client.send('/req?id=c-1', 'c-1');
      await client.close();
    }
  } finally {
    await slow.stop();
  }
});

test('stops its child process', async () => {
  const other = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 10 });
  await other.stop();
  assert.throws(() => process.kill(other.pid, 0), /ESRCH/);
});
