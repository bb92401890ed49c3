import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { Agent, request } from 'undici';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { startNetworkRelay } from '../mock-server/network-relay.ts';
import { runOneCase } from './helpers.ts';

const RTT_MS = 100;
let target: TargetProcess;
before(async () => {
  target = await startTarget({
    latency: parseLatencySpec('0'),
    seed: 1,
    payloadBytes: 64,
    network: { rttMs: RTT_MS, bandwidthBytesPerSec: 0, tls: false },
  });
});
after(() => target.stop());

const timedGet = async (dispatcher: Agent, id: string): Promise<number> => {
  const started = performance.now();
  const response = await request(`${target.url}/req?id=${id}`, { dispatcher });
  await response.body.dump();
  assert.equal(response.statusCode, 200);
  return performance.now() - started;
};

test('load goes through the relay, control calls straight to the server', () => {
  assert.notEqual(new URL(target.url).port, new URL(target.controlUrl).port);
  assert.equal(new URL(target.url).hostname, '127.0.0.1');
});

test('a request on a new connection pays the handshake RTT and its own: about 2 RTT', async () => {
  const fresh = new Agent({ pipelining: 0 });
  await target.reset();
  const elapsed = [await timedGet(fresh, 'n1'), await timedGet(fresh, 'n2')];
  await fresh.close();
  for (const ms of elapsed) {
    assert.ok(ms >= 1.5 * RTT_MS, `new connection took ${ms} ms, expected at least ${1.5 * RTT_MS}`);
    assert.ok(ms < 2 * RTT_MS + 500, `new connection took ${ms} ms, expected about ${2 * RTT_MS}`);
  }
  // Behind the relay each client connection is exactly one connection at the target.
  const stats = await target.stats();
  assert.equal(stats.received, 2);
  assert.equal(stats.connections, 2);
});

test('a request on a kept-alive connection pays one RTT, and the reuse is counted', async () => {
  const kept = new Agent({ connections: 1 });
  await target.reset();
  await timedGet(kept, 'warm');
  const reused = await timedGet(kept, 'reused');
  await kept.close();
  assert.ok(reused >= RTT_MS - 1, `reused connection took ${reused} ms, expected at least ${RTT_MS}`);
  assert.ok(reused < 1.5 * RTT_MS + 400, `reused connection took ${reused} ms, expected about ${RTT_MS}`);
  const stats = await target.stats();
  assert.deepEqual([stats.received, stats.connections, stats.reusedRequests], [2, 1, 1]);
});

test('the replayed ideal counts the round trips and stays a lower bound; connections explain the gap', async () => {
  const sequential = await runOneCase(target, 'sequential', { requests: 4, iterations: 1, target: { rtt: RTT_MS } });
  const shared = await runOneCase(target, 'shared-agent', { requests: 4, iterations: 1, target: { rtt: RTT_MS } });
  for (const report of [sequential, shared]) {
    assert.equal(report.state, 'ok', report.problems.join('; '));
    assert.ok(report.idealMs.median <= report.makespanMs.median, `${report.id}: ideal ${report.idealMs.median} above ${report.makespanMs.median}`);
  }
  // Four requests: sequential pays 2 RTT each (TCP setup + its own), shared-agent 1.
  assert.ok(sequential.idealMs.median >= 4 * 2 * RTT_MS, `sequential ideal ${sequential.idealMs.median}`);
  assert.ok(shared.idealMs.median >= 4 * RTT_MS, `shared-agent ideal ${shared.idealMs.median}`);
  assert.equal(sequential.target.connections, 4);
  assert.equal(shared.target.connections, 1);
});

test('a bandwidth cap paces the response', async () => {
  const payloadBytes = 64 * 1024;
  const bytesPerSec = 256 * 1024;
  const capped = await startTarget({
    latency: parseLatencySpec('0'),
    seed: 1,
    payloadBytes,
    network: { rttMs: 0, bandwidthBytesPerSec: bytesPerSec, tls: false },
  });
  try {
    const started = performance.now();
    const response = await request(`${capped.url}/req?id=big`);
    const text = await response.body.text();
    const elapsed = performance.now() - started;
    assert.equal(Buffer.byteLength(text), payloadBytes);
    const floor = (payloadBytes / bytesPerSec) * 1000;
    assert.ok(elapsed >= floor - 1, `64 KiB at 256 KiB/s took ${elapsed} ms, expected at least ${floor}`);
  } finally {
    await capped.stop();
  }
});

test('the relay closes the other side when either side closes or fails', async () => {
  const upstreamSockets = new Set<Socket>();
  const upstream: Server = createServer((socket) => {
    upstreamSockets.add(socket);
    // Read (and drop) what arrives, as a real server would: a paused socket never sees the end.
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => upstreamSockets.delete(socket));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamPort = (upstream.address() as { port: number }).port;
  const relay = await startNetworkRelay({ rttMs: 10, bandwidthBytesPerSec: 0, listenHost: '127.0.0.1', listenPort: 0, upstreamHost: '127.0.0.1', upstreamPort });
  const waitFor = async (what: string, check: () => boolean) => {
    const deadline = performance.now() + 5000;
    while (!check()) {
      assert.ok(performance.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    // A client that ends cleanly, and one that is reset: both must take the upstream connection down.
    for (const how of ['end', 'reset'] as const) {
      const client = connect(relay.port, '127.0.0.1');
      client.on('error', () => {});
      client.write('hello');
      await waitFor('the upstream connection', () => upstreamSockets.size === 1);
      if (how === 'end') client.end();
      else client.resetAndDestroy();
      await waitFor(`the upstream connection to close after a client ${how}`, () => upstreamSockets.size === 0);
    }
    // The upstream resetting closes the client.
    const client = connect(relay.port, '127.0.0.1');
    let clientClosed = false;
    client.on('close', () => (clientClosed = true));
    client.on('error', () => {});
    await waitFor('the upstream connection', () => upstreamSockets.size === 1);
    for (const socket of upstreamSockets) socket.resetAndDestroy();
    await waitFor('the client to close after an upstream reset', () => clientClosed);
  } finally {
    await relay.close();
    await new Promise((resolve) => upstream.close(resolve));
  }
});
