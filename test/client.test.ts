import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EchoMismatchError, HttpStatusError } from '../clients/http-client.ts';
import { CLIENTS } from '../clients/index.ts';
import { classifyError } from '../harness/error-kinds.ts';
import { NO_PREPARATION } from '../harness/preparation.ts';
import { RequestRecorder } from '../harness/request-recorder.ts';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec('0'), seed: 1, payloadBytes: 128 });
});
after(() => target.stop());

const settings = { keepAlive: true, maxSockets: 2, timeoutMs: 5000 };
const POLICY = { timeoutMs: 5000, retries: 0, backoffBaseMs: 10, backoffCapMs: 100, seed: 1 };

for (const definition of CLIENTS) {
  test(`${definition.name}: accepts the echoed id and rejects another request's id`, async () => {
    const client = await definition.create(target.url, settings);
    try {
      await client.send('/req?id=right-1', 'right-1');
      // The target echoes "right-2", but the caller expected "right-3": that must be an error.
      await assert.rejects(client.send('/req?id=right-2', 'right-3'), EchoMismatchError);
    } finally {
      await client.close();
    }
  });

  test(`${definition.name}: a non-2xx answer is an HTTP error, counted and classified by the recorder`, async () => {
    const client = await definition.create(target.url, settings);
    try {
      await assert.rejects(client.send('/req?id=x&latency=never', 'x'), HttpStatusError);
      // The recorder's own request, made invalid on its way out: the target answers it 400.
      const refused = { ...client, send: (path: string, id: string) => client.send(`${path}&latency=never`, id) };
      const recorder = new RequestRecorder();
      const send = recorder.channel(refused, 'rec', NO_PREPARATION, POLICY).send;
      await send(0);
      assert.deepEqual([recorder.sent, recorder.ok, recorder.failed, recorder.errors.other], [1, 0, 1, 1]);
      assert.match(recorder.errorSamples[0] ?? '', /HTTP 400/);
    } finally {
      await client.close();
    }
  });
}

test('classifies failures by kind, looking through causes', () => {
  assert.equal(classifyError(new HttpStatusError(503)), 'http5xx');
  assert.equal(classifyError(new HttpStatusError(429)), 'http429');
  assert.equal(classifyError(new HttpStatusError(404)), 'other');
  assert.equal(classifyError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })), 'timeout');
  assert.equal(classifyError(new TypeError('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) })), 'reset');
  assert.equal(classifyError(new EchoMismatchError('a', 'b', 'b')), 'other');
});

test('the recorder counts a mismatched echo as a failure with its message', async () => {
  const recorder = new RequestRecorder();
  const lying = { name: 'lying', send: async () => { throw new EchoMismatchError('p-0', 'q', 'q'); }, close: async () => {}, destroy: async () => {} };
  await recorder.channel(lying, 'p', NO_PREPARATION, POLICY).send(0);
  assert.deepEqual([recorder.sent, recorder.ok, recorder.failed, recorder.errors.other], [1, 0, 1, 1]);
  assert.match(recorder.errorSamples[0] ?? '', /echoed id mismatch/);
});
