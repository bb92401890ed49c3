import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CLIENTS, getClient } from '../clients/index.ts';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 128, network: { rttMs: 0, bandwidthBytesPerSec: 0, tls: true } });
});
after(() => target.stop());

test('an https target sends the certificate it serves, and load and control both speak https', () => {
  assert.match(target.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(target.controlUrl, /^https:\/\//);
  assert.match(target.certificate ?? '', /^-----BEGIN CERTIFICATE-----/);
});

for (const definition of CLIENTS) {
  for (const keepAlive of [true, false]) {
    test(`${definition.name} gets the echo over https when it trusts the target's certificate (keep-alive ${keepAlive})`, async () => {
      const client = await definition.create(target.url, { keepAlive, maxSockets: 1, timeoutMs: 5000, ca: target.certificate });
      try {
        await target.reset();
        await client.send('/req?id=tls-1', 'tls-1');
        await client.send('/req?id=tls-2', 'tls-2');
      } finally {
        await client.close();
      }
      // Connections are counted on the TLS socket, where the requests arrive.
      const stats = await target.stats();
      assert.equal(stats.received, 2);
      assert.equal(stats.connections, keepAlive ? 1 : 2);
    });
  }
}

test('the certificate is valid for localhost too', async () => {
  const client = await getClient('undici').create(target.url.replace('127.0.0.1', 'localhost'), { keepAlive: true, maxSockets: 1, timeoutMs: 5000, ca: target.certificate });
  try {
    await client.send('/req?id=by-name', 'by-name');
  } finally {
    await client.close();
  }
});

test('without the certificate the undici client fails with a certificate error, never a success', async () => {
  const client = await getClient('undici').create(target.url, { keepAlive: true, maxSockets: 1, timeoutMs: 5000 });
  try {
    await assert.rejects(client.send('/req?id=untrusted', 'untrusted'), (error: Error & { code?: string }) => {
      assert.match(`${error.code} ${error.message}`, /SELF_SIGNED|CERT|certificate/i);
      return true;
    });
  } finally {
    await client.close();
  }
});
