import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { allClients, defineClient, registerClient, runSuite, verifyResponse, REQUEST_ID_HEADER, type Report } from 'fanout';
import { ROOT, runInProcess } from './cli-helpers.ts';

// A user's client as a user writes one: undici's request() behind a wrapper, with settings of its own.
const wrapped = defineClient({
  name: 'wrapped-undici',
  summary: 'undici request() behind a wrapper, as an SDK would be',
  settings: { userAgent: 'sdk/2.1', retries: 0 },
  create({ baseUrl, maxSockets, timeoutMs }) {
    const agent = new Agent({ connections: Number.isFinite(maxSockets) ? maxSockets : null, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    return {
      async send(path, expectedId) {
        const response = await agent.request({ origin: baseUrl, path, method: 'GET', headers: { 'user-agent': 'sdk/2.1' } });
        const body: unknown = await response.body.json();
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], body);
      },
      close: () => agent.close(),
    };
  },
});

test("runSuite runs a client registered through the API beside a built-in one, records its settings, and refuses it in worker threads in one line", async () => {
  const report = await runSuite({
    suite: 'smoke',
    customClients: [wrapped],
    strategies: ['limited-pool', 'worker-threads'],
    clients: ['wrapped-undici', 'undici'],
    requests: 12,
    concurrency: [4],
    threads: 2,
  });
  const byId = new Map(report.cases.map((result) => [`${result.strategy}/${result.client}`, result]));
  for (const id of ['limited-pool/wrapped-undici', 'limited-pool/undici', 'worker-threads/undici']) {
    assert.equal(byId.get(id)?.state, 'ok', `${id}: ${byId.get(id)?.problems.map((problem) => problem.message).join('; ')}`);
  }
  const viaApi = byId.get('limited-pool/wrapped-undici')!;
  assert.equal(viaApi.counts.ok, viaApi.counts.sent);
  const threaded = byId.get('worker-threads/wrapped-undici')!;
  assert.equal(threaded.state, 'failed');
  assert.match(threaded.problems[0]!.message, /^refused: worker threads load user strategies and clients from a config file, and worker-threads or wrapped-undici was registered through the API/);
  assert.deepEqual(report.config.customClients, [{ name: 'wrapped-undici', summary: 'undici request() behind a wrapper, as an SDK would be', settings: { userAgent: 'sdk/2.1', retries: 0 } }]);
  assert.ok(allClients().includes(wrapped));
});

test('registerClient refuses another client under a taken or built-in name, or a bad name, and accepts the same one twice', () => {
  registerClient(wrapped);
  registerClient(wrapped);
  assert.equal(allClients().filter((client) => client.name === 'wrapped-undici').length, 1);
  assert.throws(() => registerClient({ ...wrapped }), /registerClient: a different client named "wrapped-undici" is already registered/);
  assert.throws(() => registerClient({ ...wrapped, name: 'fetch' }), /"fetch" is a built-in client/);
  assert.throws(() => registerClient({ ...wrapped, name: 'two words' }), /a client's name is letters, digits/);
  assert.throws(() => registerClient({ name: 'half', summary: 'x' } as never), /client "half" has no create function \(make it with defineClient\)/);
});

// Inside the repository, so that the config's `from 'fanout'` resolves; removed afterwards.
const dir = mkdtempSync(join(ROOT, '.custom-client-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a config's client and strategy run in their client process and in worker threads, which load the config module", async () => {
  writeFileSync(
    join(dir, 'fanout.config.mjs'),
    `import { Agent } from 'undici';
import { defineClient, defineStrategy, serialMakespan, verifyResponse, REQUEST_ID_HEADER } from 'fanout';

const counted = defineClient({
  name: 'counted-undici',
  summary: 'undici request(), counting its requests in this process',
  settings: { pool: 'per-case' },
  create({ baseUrl, maxSockets, timeoutMs }) {
    const agent = new Agent({ connections: maxSockets, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    return {
      async send(path, expectedId) {
        const response = await agent.request({ origin: baseUrl, path, method: 'GET' });
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], await response.body.json());
      },
      close: () => agent.close(),
    };
  },
});

// One lane per unit of C, each sending its requests one by one.
const lanes = defineStrategy({
  name: 'config-lanes',
  summary: 'C lanes, each sending its requests one by one',
  async run({ requests, concurrency, send }) {
    const lanes = Math.min(requests, concurrency);
    await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
      for (let index = lane; index < requests; index += lanes) await send(index);
    }));
  },
  predict: ({ requests, concurrency, durationOf }) => {
    const lanes = Math.min(requests, concurrency);
    let slowest = 0;
    for (let lane = 0; lane < lanes; lane++) {
      let sum = 0;
      for (let index = lane; index < requests; index += lanes) sum += durationOf(index);
      slowest = Math.max(slowest, sum);
    }
    return slowest;
  },
});

export default {
  suite: 'smoke',
  customClients: [counted],
  customStrategies: [lanes],
  strategies: ['config-lanes', 'worker-threads'],
  clients: ['counted-undici'],
  requests: 12,
  concurrency: [4],
  threads: 2,
};
`,
  );
  const out = join(dir, 'report.json');
  const result = await runInProcess('bench', ['--config', join(dir, 'fanout.config.mjs'), '--quiet', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  assert.deepEqual(
    report.cases.map((c) => `${c.strategy}/${c.client} ${c.state} ${c.counts.ok === c.counts.sent && c.counts.sent > 0}`).sort(),
    ['config-lanes/counted-undici ok true', 'worker-threads/counted-undici ok true'],
    report.cases.flatMap((c) => c.problems.map((problem) => problem.message)).join('; '),
  );
  assert.deepEqual(report.config.customClients?.map((client) => client.settings), [{ pool: 'per-case' }]);
});
