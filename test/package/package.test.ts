// The package as a user gets it: `npm pack`, the tarball installed into a new project outside the
// repository (no tsx, no sources there), and the installed `fanout` command run with npx
// (`npm run test:package`: it installs the dependencies from the registry).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Report } from '../../report/schema.ts';
import { ROOT } from '../cli-helpers.ts';

const MAX_TARBALL_BYTES = 2 * 1024 * 1024;
const project = mkdtempSync(join(tmpdir(), 'fanout-user-project-'));
let tarball = '';

const run = (command: string, args: string[], timeoutMs = 180_000) => {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
};
const fanout = (...args: string[]) => run('npx', ['--no-install', 'fanout', ...args]);

before(() => {
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(packed.status, 0, packed.stderr);
  tarball = join(project, packed.stdout.trim().split('\n').at(-1)!);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2)}\n`);
  const installed = run('npm', ['install', '--no-audit', '--no-fund', tarball]);
  assert.equal(installed.status, 0, installed.stderr);
  assert.doesNotMatch(`${installed.stdout}\n${installed.stderr}`, /npm warn/i, 'the install printed a warning');
});

test('the tarball holds the build and no tests, sources or development files, within 2 MB', () => {
  assert.ok(statSync(tarball).size <= MAX_TARBALL_BYTES, `${statSync(tarball).size} bytes`);
  const installed = join(project, 'node_modules', 'fanout');
  assert.ok(existsSync(join(installed, 'dist', 'scripts', 'fanout.js')));
  assert.ok(existsSync(join(installed, 'dist', 'index.d.ts')), 'the API has its types');
  for (const absent of ['dist/test', 'test', 'scripts', 'harness', 'tsconfig.json']) assert.ok(!existsSync(join(installed, absent)), `${absent} is in the package`);
});

test('npx fanout: help, version, list, and a bad command in one line with exit 2', () => {
  const help = fanout('--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: fanout <command>/);
  for (const command of ['bench', 'compare', 'chart', 'mock-server', 'list']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  assert.equal(fanout('--version').stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const list = fanout('list');
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /limited-pool/);
  const bad = fanout('benhc');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /^fanout: unknown command "benhc"/);
});

test('npx fanout bench --suite smoke writes its report into ./fanout-results, and compare and chart read it', () => {
  const bench = fanout('bench', '--suite', 'smoke', '--quiet');
  assert.equal(bench.status, 0, bench.stderr);
  const latest = join(project, 'fanout-results', 'latest.json');
  assert.ok(existsSync(latest), `no report in the project: ${bench.stdout}`);
  assert.ok(!existsSync(join(project, 'node_modules', 'fanout', 'results')), 'nothing is written inside node_modules');
  const report = JSON.parse(readFileSync(latest, 'utf8')) as Report;
  assert.ok(report.cases.length > 0 && report.cases.every((result) => result.state === 'ok'), report.cases.map((result) => `${result.id} ${result.state}`).join(', '));

  const compared = fanout('compare', latest, latest);
  assert.equal(compared.status, 0, compared.stderr);
  assert.match(compared.stdout, /\ngate: passes\n$/);

  const charts = join(project, 'charts');
  const chart = fanout('chart', latest, '--out', charts);
  assert.equal(chart.status, 0, chart.stderr);
  assert.ok(readdirSync(charts).some((file) => file.endsWith('.svg')), readdirSync(charts).join(', '));
});

const LANES = `import { defineStrategy, serialMakespan } from 'fanout';

const lanesOf = (requests, concurrency) => {
  const lanes = Math.min(requests, concurrency);
  const edge = (lane) => Math.floor((lane * requests) / lanes);
  return Array.from({ length: lanes }, (_, lane) => [edge(lane), edge(lane + 1)]);
};

export const lanes = defineStrategy({
  name: 'lanes',
  summary: 'N requests split into C fixed lanes, each sent one by one by its own loop',
  async run({ requests, concurrency, send }) {
    await Promise.all(lanesOf(requests, concurrency).map(async ([first, end]) => {
      for (let index = first; index < end; index++) await send(index);
    }));
  },
  predict: ({ requests, concurrency, durationOf }) =>
    Math.max(...lanesOf(requests, concurrency).map(([first, end]) => serialMakespan(durationOf, first, end - first))),
});
`;

test("the project's own fanout.config.mjs, found in its folder, adds a strategy that list shows and bench runs", () => {
  writeFileSync(join(project, 'lanes.mjs'), LANES);
  writeFileSync(
    join(project, 'fanout.config.mjs'),
    "import { lanes } from './lanes.mjs';\nexport default { suite: 'smoke', customStrategies: [lanes], strategies: ['lanes', 'limited-pool'], clients: ['undici'], requests: 12, concurrency: [3] };\n",
  );
  try {
    const list = fanout('list');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^ {2}lanes +N requests split into C fixed lanes/m);
    const bench = fanout('bench', '--quiet', '--out', 'lanes.json');
    assert.equal(bench.status, 0, bench.stderr);
    const report = JSON.parse(readFileSync(join(project, 'lanes.json'), 'utf8')) as Report;
    assert.deepEqual(report.cases.map((result) => `${result.strategy} ${result.state}`).sort(), ['lanes ok', 'limited-pool ok']);
  } finally {
    rmSync(join(project, 'fanout.config.mjs'));
  }
});

test('a TypeScript config loads on every supported Node: Node strips its types where it can, jiti compiles the rest (a parameter property here)', () => {
  writeFileSync(
    join(project, 'typed.config.ts'),
    "class Size { constructor(readonly requests: number) {} }\nexport default { suite: 'smoke', strategies: ['shared-agent'], requests: new Size(6).requests };\n",
  );
  const bench = fanout('bench', '--config', 'typed.config.ts', '--quiet', '--out', 'typed.json');
  assert.equal(bench.status, 0, bench.stderr);
  assert.ok((JSON.parse(readFileSync(join(project, 'typed.json'), 'utf8')) as Report).cases.every((result) => result.requests === 6));
});

// The user's own client: a wrapper around undici, as an SDK would be, with settings of its own.
const MY_SDK = `import { Agent } from 'undici';
import { defineClient, verifyResponse, REQUEST_ID_HEADER, type ClientOptions } from 'fanout';

export const mySdk = defineClient({
  name: 'my-sdk',
  summary: "the project's SDK: undici's request() behind a wrapper",
  settings: { userAgent: 'my-sdk/1.0' },
  create({ baseUrl, maxSockets, timeoutMs, ca }: ClientOptions) {
    const agent = new Agent({
      connections: Number.isFinite(maxSockets) ? maxSockets : null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(ca ? { connect: { ca } } : {}),
    });
    return {
      async send(path: string, expectedId: string): Promise<void> {
        const response = await agent.request({ origin: baseUrl, path, method: 'GET', headers: { 'user-agent': 'my-sdk/1.0' } });
        const body: unknown = await response.body.json();
        verifyResponse(response.statusCode, expectedId, response.headers[REQUEST_ID_HEADER], body);
      },
      close: () => agent.close(),
      destroy: () => agent.destroy(),
    };
  },
});
`;

// A threaded strategy of the project's own: each worker thread runs the project's lanes over its share.
const THREADED_LANES = `import { defineStrategy, serialMakespan, type PredictionInput } from 'fanout';

const split = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, part) => Math.floor(total / parts) + (part < total % parts ? 1 : 0));

/** Thread t's share of the requests and of C, as [first index, requests, concurrency]. */
function shares(requests: number, concurrency: number, threads: number): [number, number, number][] {
  const limits = split(concurrency, threads);
  let first = 0;
  return split(requests, threads).map((count, thread) => {
    const share: [number, number, number] = [first, count, limits[thread]!];
    first += count;
    return share;
  });
}

export const threadedLanes = defineStrategy({
  name: 'threaded-lanes',
  summary: 'T worker threads, each running the lanes strategy over its share of N and C',
  usesThreads: true,
  clientSettings: (concurrency, threads) => ({ keepAlive: true, maxSockets: Math.ceil(concurrency / threads) }),
  async run({ requests, concurrency, threads }) {
    if (!threads) throw new Error('threaded-lanes needs worker threads');
    await Promise.all(shares(requests, concurrency, threads.size).map(([firstIndex, count, limit], thread) =>
      threads.run(thread, { strategy: 'lanes', firstIndex, requests: count, concurrency: limit })));
  },
  // Each thread's lanes (as lanes.mjs splits them) send one request after another.
  predict: ({ requests, concurrency, threads, durationOf }: PredictionInput) =>
    Math.max(...shares(requests, concurrency, threads).flatMap(([first, count, limit]) => {
      const lanes = Math.min(count, limit);
      const edge = (lane: number) => first + Math.floor((lane * count) / lanes);
      return Array.from({ length: lanes }, (_, lane) => serialMakespan(durationOf, edge(lane), edge(lane + 1) - edge(lane)));
    })),
});
`;

test("a TypeScript config's own client and strategies run in bench, in worker threads too, and the report keeps the client's settings", () => {
  writeFileSync(join(project, 'lanes.mjs'), LANES);
  writeFileSync(join(project, 'my-sdk.ts'), MY_SDK);
  writeFileSync(join(project, 'threaded-lanes.ts'), THREADED_LANES);
  writeFileSync(
    join(project, 'fanout.config.ts'),
    `import { defineConfig } from 'fanout';
import { lanes } from './lanes.mjs';
import { mySdk } from './my-sdk.ts';
import { threadedLanes } from './threaded-lanes.ts';

export default defineConfig({
  suite: 'smoke',
  customStrategies: [lanes, threadedLanes],
  customClients: [mySdk],
  strategies: ['lanes', 'limited-pool', 'worker-threads', 'threaded-lanes'],
  clients: ['my-sdk', 'undici'],
  requests: 12,
  concurrency: [4],
  threads: 2,
});
`,
  );
  try {
    const list = fanout('list');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^ {2}my-sdk +the project's SDK/m);
    assert.match(list.stdout, /^ {2}threaded-lanes +T worker threads/m);
    const bench = fanout('bench', '--quiet', '--out', 'custom.json');
    assert.equal(bench.status, 0, bench.stderr);
    const report = JSON.parse(readFileSync(join(project, 'custom.json'), 'utf8')) as Report;
    const states = report.cases.map((result) => `${result.strategy}/${result.client} ${result.state}`).sort();
    const expected = ['lanes', 'limited-pool', 'threaded-lanes', 'worker-threads'].flatMap((strategy) => [`${strategy}/my-sdk ok`, `${strategy}/undici ok`]).sort();
    assert.deepEqual(states, expected, report.cases.map((result) => result.problems.map((problem) => problem.message).join('; ')).join(' | '));
    assert.deepEqual(report.config.customClients, [{ name: 'my-sdk', summary: "the project's SDK: undici's request() behind a wrapper", settings: { userAgent: 'my-sdk/1.0' } }]);
    // The target served every request of the threaded cases: nothing was lost in the threads.
    for (const result of report.cases) assert.equal(result.counts.ok, result.counts.sent, result.id);
    for (const result of report.cases) assert.equal(result.target.received, result.requests, result.id);
  } finally {
    rmSync(join(project, 'fanout.config.ts'));
  }
});
