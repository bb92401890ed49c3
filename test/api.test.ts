import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
// The package's own name, as a user's code inside the repository imports it: this checks "exports" too.
import {
  allStrategies,
  defineStrategy,
  findSuite,
  registerStrategy,
  reportProblems,
  runSuite,
  serialMakespan,
  startMockServer,
  UsageError,
  type CaseReport,
} from 'fanout';
import { ROOT, runInProcess, runScript, runTsx } from './cli-helpers.ts';

interface Example {
  name: string;
  file: string;
  code: string;
}

/** The README's runnable blocks: `<!-- example: NAME file=PATH -->` right before a ```ts block. */
function readmeExamples(): Example[] {
  const readme = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  return [...readme.matchAll(/<!-- example: ([\w-]+) file=(\S+) -->\n```ts\n([\s\S]*?)```/g)].map(([, name, file, code]) => ({
    name: name!,
    file: file!,
    code: code!,
  }));
}

const examples = readmeExamples();
// Inside the repository, so that the examples' `from 'fanout'` resolves (a package refers to itself
// only from within); removed afterwards.
let dir: string;
const pathOf = (file: string) => join(dir, file);

before(() => {
  dir = mkdtempSync(join(ROOT, '.readme-examples-'));
  for (const example of examples) {
    mkdirSync(dirname(pathOf(example.file)), { recursive: true });
    writeFileSync(pathOf(example.file), example.code);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the README marks a strategy, a config file and an API script as the custom-strategy example', () => {
  const files = examples.filter((example) => example.name === 'custom-strategy').map((example) => example.file);
  assert.deepEqual(files, ['my/lanes.ts', 'my/fanout.config.ts', 'my/run.ts']);
});

/** The example strategy's name and summary, as its README block declares them. */
function exampleStrategy(): { name: string; summary: string } {
  const code = examples.find((example) => example.file === 'my/lanes.ts')!.code;
  const [, name] = /name: '([^']+)'/.exec(code)!;
  const [, summary] = /summary: '([^']+)'/.exec(code)!;
  return { name: name!, summary: summary! };
}

test("the README's API example runs a suite with its own strategy against the mock server, and the case is ok", () => {
  const result = runTsx(pathOf('my/run.ts'), [], 120_000);
  assert.equal(result.status, 0, result.stderr);
  const { name } = exampleStrategy();
  assert.match(result.stdout, new RegExp(`^${name}/undici/c4/n40: ok, \\d+ ms, ideal \\d+ ms$`, 'm'));
  assert.match(result.stdout, /^limited-pool\/undici\/c4\/n40: ok, /m);
  assert.match(result.stdout, new RegExp(`│ ${name} / undici +│`));
  // The progress callback was called for each case.
  assert.match(result.stderr, new RegExp(`^\\[\\d/2\\] ${name}/undici/c4/n40 ok$`, 'm'));
});

test("bench --config with the README's config lists its strategy with its summary", async () => {
  const result = await runInProcess('bench', ['--config', pathOf('my/fanout.config.ts'), '--list']);
  assert.equal(result.status, 0, result.stderr);
  const { name, summary } = exampleStrategy();
  const strategies = result.stdout.split('\n\n')[0]!;
  assert.match(strategies, new RegExp(`^  ${name} +${summary.replace(/[()]/g, '\\$&')}$`, 'm'));
});

test("bench --config with the README's config runs its strategy, and command-line flags override the config", () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-')), 'run.json');
  // The config asks for 40 requests; the command line for 12.
  const result = runScript('bench.ts', ['--config', pathOf('my/fanout.config.ts'), '--requests', '12', '--iterations', '1', '--json', '--quiet', '--out', out], 120_000);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(reportProblems(report), []);
  assert.deepEqual(report.cases.map((c: CaseReport) => [c.strategy, c.requests, c.state]), [
    [exampleStrategy().name, 12, 'ok'],
    ['limited-pool', 12, 'ok'],
  ]);
  // What the command line left alone comes from the config.
  assert.equal(report.config.target.latency, 'uniform:5-25');
  assert.equal(report.config.suite, 'smoke');
});

test("the README's mock-server example starts the target, gets an answer and stops it", () => {
  const result = runTsx(pathOf('my/mock.ts'));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^hello answered after \d+\.\d ms$/m);
  assert.match(result.stdout, /^the target counted 1 request$/m);
});

// One loop from the last index to the first over one kept-alive connection.
const backwards = defineStrategy({
  name: 'backwards',
  summary: 'one request after another, last index first, over one kept-alive connection',
  usesConcurrency: false,
  effectiveConcurrency: () => 1,
  clientSettings: () => ({ keepAlive: true, maxSockets: 1 }),
  async run({ requests, send }) {
    for (let index = requests - 1; index >= 0; index--) await send(index);
  },
  predict: ({ requests, durationOf }) => serialMakespan(durationOf, 0, requests),
});

test('runSuite runs a Suite object naming a registered strategy, and calls the progress callbacks', async () => {
  const finished: string[] = [];
  const suite = { ...findSuite('smoke')!, name: 'mine', groups: [{ strategies: ['backwards', 'shared-agent'], clients: ['undici'] }] };
  const report = await runSuite({
    suite,
    customStrategies: [backwards],
    requests: 8,
    iterations: 2,
    progress: { caseFinished: (result) => finished.push(result.id) },
  });
  assert.deepEqual(reportProblems(report), []);
  assert.equal(report.config.suite, 'mine');
  const mine = report.cases.find((c) => c.strategy === 'backwards')!;
  assert.equal(mine.state, 'ok', mine.problems.join('; '));
  assert.equal(mine.counts.ok, 16);
  assert.equal(mine.target.connections, 1);
  assert.ok(mine.efficiency > 0 && mine.efficiency <= 1.05, `efficiency ${mine.efficiency}`);
  assert.deepEqual(finished.sort(), ['backwards/undici/c1/n8', 'shared-agent/undici/c1/n8']);
  assert.ok(allStrategies().includes(backwards));
});

test('registerStrategy refuses another strategy under a taken or built-in name, or a bad name, and accepts the same one twice', () => {
  registerStrategy(backwards);
  registerStrategy(backwards);
  assert.equal(allStrategies().filter((strategy) => strategy.name === 'backwards').length, 1);
  const copy = defineStrategy({ ...backwards });
  assert.throws(() => registerStrategy(copy), /registerStrategy: a different strategy named "backwards" is already registered/);
  assert.throws(() => registerStrategy(defineStrategy({ ...backwards, name: 'limited-pool' })), /"limited-pool" is a built-in strategy/);
  assert.throws(() => registerStrategy(defineStrategy({ ...backwards, name: 'two words' })), /a strategy's name is letters, digits/);
  assert.throws(() => registerStrategy({ name: 'half' } as never), /strategy "half" has no one-line summary/);
});

for (const [what, options, message] of [
  ['an unknown key', { concurency: [4] }, /^runSuite: unknown key "concurency"; valid keys: suite, strategies/],
  ['a key about the command output', { out: 'x.json' }, /^runSuite: unknown key "out"/],
  ['a wrong type', { requests: 'ten' }, /^runSuite: "requests" must be an integer, got "ten"$/],
  ['a value out of range', { requests: 0 }, /^runSuite: "requests" must be a whole number from 1 to 1000000, got "0"$/],
  ['an unknown strategy', { strategies: ['nope'] }, /^runSuite: unknown strategies "nope"; valid: .*backwards/],
] as const) {
  test(`runSuite rejects ${what} with a one-line UsageError before starting anything`, async () => {
    await assert.rejects(runSuite(options as never), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });
}

test('startMockServer serves requests from its own process and stop() ends that process', async () => {
  const server = await startMockServer({ latency: 1, payload: 32, seed: 7 });
  assert.notEqual(server.pid, process.pid);
  const response = await fetch(`${server.url}/req?id=api-1`);
  assert.equal(response.headers.get('x-request-id'), 'api-1');
  assert.equal(((await response.json()) as { id: string }).id, 'api-1');
  assert.equal((await server.stats()).received, 1);
  await server.stop();
  assert.throws(() => process.kill(server.pid, 0), /ESRCH/);
});

test('startMockServer rejects unknown keys and bad values in one line that names the key', async () => {
  await assert.rejects(startMockServer({ colour: 'red' } as never), /^UsageError: startMockServer: unknown key "colour"; valid keys: host, port, latency/);
  await assert.rejects(startMockServer({ latency: 'soon' }), /^UsageError: startMockServer: invalid latency "soon"/);
  await assert.rejects(startMockServer({ port: 70000 }), /^UsageError: startMockServer: "port" must be a whole number from 0 to 65535, got "70000"$/);
});
