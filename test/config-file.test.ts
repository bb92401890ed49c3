import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BenchConfigSchema } from '../cli/bench-config.ts';
import { BENCH_FLAGS, BENCH_OPTIONS, parseBenchArgs } from '../cli/bench-options.ts';
import { configPathIn, configSettingsOf, loadConfigFile, loadFailure } from '../cli/config-file.ts';
import { flagOf } from '../cli/options/option.ts';
import { checkSettingsValues, flagsOf } from '../cli/options/table.ts';
import { runInProcess } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanout-config-'));
function configFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Settings as a config file x.json gives them. */
const configOf = (settings: object) => configSettingsOf(settings, 'config x.json');
/** Settings as the flags that say the same. */
const configToArgs = (settings: object) => flagsOf(BENCH_OPTIONS, checkSettingsValues(BENCH_OPTIONS, settings as Record<string, unknown>, 'config x.json'), { joined: true });

/** A pattern that matches `text` literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Each bad config: what it is, its file name and content, and what the one line must say after "bench: config PATH: ".
const badConfigs: Array<[string, string, string, RegExp]> = [
  ['an unknown key', 'typo.json', '{ "suite": "smoke", "concurency": [10] }', /^unknown key "concurency"; valid keys: suite, strategies, clients, requests, concurrency/],
  ['a wrong type', 'type.json', '{ "requests": "ten" }', /^"requests" must be an integer, got "ten"$/],
  ['a wrong type in a list', 'list.json', '{ "strategies": ["limited-pool", 3] }', /^"strategies" must be a list of names or a comma-separated string, got \["limited-pool",3\]$/],
  ['a value out of range', 'range.json', '{ "prepCpu": -1 }', /^"prepCpu" must be a number from 0 to 10000, got "-1"$/],
  ['an unknown strategy', 'strategy.json', '{ "strategies": "nope" }', /^unknown strategies "nope"; valid: sequential/],
  ['a latency that is not a spec', 'latency.json', '{ "latency": "soon" }', /^invalid latency "soon": not a latency spec/],
  ['an empty list', 'empty.json', '{ "strategies": [] }', /^"strategies" is empty; give comma-separated names, valid: sequential/],
  ['an empty name in a list', 'blank.json', '{ "clients": ["undici", ""] }', /^"clients" has an empty name in "undici,"; give comma-separated names/],
  ['an empty list of concurrencies', 'no-concurrency.json', '{ "concurrency": [] }', /^"concurrency" takes a comma-separated list of whole numbers, got ""$/],
  ['a newline in a value', 'newline.json', '{ "latency": "so\\non" }', /^invalid latency "so\\non"/],
  ['bad JSON', 'broken.json', '{ "suite": "smoke", ', /^not valid JSON: /],
  ['settings that are not an object', 'array.json', '["smoke"]', /^must be an object of settings like \{ "suite": "smoke" \}, got \["smoke"\]$/],
  ['strategies in JSON', 'custom.json', '{ "customStrategies": ["lanes"] }', /^"customStrategies" must be a list of strategies made with defineStrategy \(in a \.ts or \.js config\), got \["lanes"\]$/],
  ['a module without a default export', 'named.ts', 'export const config = { suite: "smoke" };\n', /^has no default export; write export default \{ suite: 'smoke', \.\.\. \}$/],
  // esbuild (through tsx) says where: the file, line 2 and column 19 (1-based; the ";" after "= ").
  [
    'a TypeScript config with a syntax error',
    'syntax.ts',
    'export default { suite: "smoke" };\nconst n: number = ;\n',
    new RegExp(`^loading it failed: ${literally(join(dir, 'syntax.ts'))}:2:19: Unexpected ";"$`),
  ],
  [
    'a TypeScript config with two errors',
    'twice.ts',
    'let a = 1; let a = 2;\nlet b = 1; let b = 2;\nexport default {};\n',
    new RegExp(`^loading it failed: ${literally(join(dir, 'twice.ts'))}:1:16: The symbol "a" has already been declared \\(\\+1 more\\)$`),
  ],
  ['a module that throws', 'throws.ts', 'throw new Error("no settings today\\nsecond line");\n', /^loading it failed: no settings today$/],
  ['a module whose default export is not settings', 'number.mjs', 'export default 42;\n', /^must be an object of settings/],
  ['a file that is neither JSON nor a module', 'settings.yaml', 'suite: smoke\n', /^a config is \.json or a module \(\.ts, \.mts, \.js, \.mjs\), got "\.yaml"$/],
  [
    'a custom strategy under a built-in name',
    'clash.ts',
    'const run = async () => {}; const predict = () => 0; const effectiveConcurrency = () => 1; const clientSettings = () => ({ keepAlive: true, maxSockets: 1 });\n' +
      'export default { customStrategies: [{ name: "limited-pool", summary: "mine", run, predict, effectiveConcurrency, clientSettings }] };\n',
    /^"limited-pool" is a built-in strategy; give yours another name$/,
  ],
  [
    'a custom strategy not made with defineStrategy',
    'bare.ts',
    'export default { customStrategies: [{ name: "bare", summary: "mine", run: async () => {}, predict: () => 0 }] };\n',
    /^strategy "bare" has no effectiveConcurrency, clientSettings function \(make it with defineStrategy\)$/,
  ],
  ['clients in JSON', 'clients.json', '{ "customClients": [{ "name": "mine" }] }', /^"customClients" must be a list of clients made with defineClient \(in a \.ts or \.js config\), got \[\{"name":"mine"\}\]$/],
  [
    'a custom client under a built-in name',
    'client-clash.mjs',
    'export default { customClients: [{ name: "undici", summary: "mine", create: async () => ({}) }] };\n',
    /^"undici" is a built-in client; give yours another name$/,
  ],
  [
    'a custom client with a name that cannot go into a case id',
    'client-name.mjs',
    'export default { customClients: [{ name: "my client", summary: "mine", create: async () => ({}) }] };\n',
    /^a client's name is letters, digits, "\.", "_" and "-" \(it goes into case ids and --clients lists\), got "my client"$/,
  ],
];

for (const [what, name, content, message] of badConfigs) {
  test(`bench --config rejects ${what} with exit 2 and one line naming the file`, async () => {
    const path = configFile(name, content);
    const result = await runInProcess('bench', ['--config', path, '--list']);
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    const prefix = `bench: config ${path}: `;
    assert.ok(lines[0]!.startsWith(prefix), lines[0]);
    assert.match(lines[0]!.slice(prefix.length), message);
    assert.equal(result.stdout, '');
  });
}

test('bench --config rejects a file that does not exist with exit 2 and one line', async () => {
  const result = await runInProcess('bench', ['--config=nowhere/settings.json', '--list']);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr, 'bench: config nowhere/settings.json: no such file\n');
});

test('loadFailure: an esbuild error with its messages says the first one where it is; anything else its first line', () => {
  // As esbuild throws it in-thread: the messages in `errors`, each column 0-based.
  const thrown = Object.assign(new Error('Transform failed with 2 errors:\n/x.ts:3:4: ERROR: Expected ")"\n/x.ts:9:0: ERROR: other'), {
    errors: [{ text: 'Expected ")" but found ";"', location: { file: '/x.ts', line: 3, column: 4 } }],
  });
  assert.equal(loadFailure(thrown), '/x.ts:3:5: Expected ")" but found ";" (+1 more)');
  // Across tsx's loader thread: the message only.
  assert.equal(loadFailure(new Error('Transform failed with 1 error:\n/x.ts:1:17: ERROR: Unexpected ";"')), '/x.ts:1:18: Unexpected ";"');
  assert.equal(loadFailure(new Error('Transform failed with 1 error:\nERROR: no location')), 'no location');
  assert.equal(loadFailure(new SyntaxError("Unexpected token ';'")), "Unexpected token ';'");
  assert.equal(loadFailure('a string\nthrown'), 'a string');
});

test('--config may be given once', () => {
  assert.throws(() => configPathIn(['--config', 'a.json', '--config=b.json']), /--config is given 2 times; give one file/);
  assert.equal(configPathIn(['--requests', '5', '--config', 'a.json']), 'a.json');
  assert.equal(configPathIn(['--config=a.ts']), 'a.ts');
  assert.equal(configPathIn(['--requests', '5']), undefined);
});

test('a config becomes the flags that say the same: camelCase keys, lists joined, switches on and off, exports', () => {
  const settings = {
    suite: 'smoke',
    strategies: ['limited-pool', 'batched'],
    concurrency: [10, 50],
    prepCpu: 0.5,
    rateLimit: '200/s',
    latency: 20,
    tls: false,
    quiet: true,
    export: [{ format: 'bencher', file: 'bencher.json' }],
  };
  assert.deepEqual(configToArgs(settings), [
    '--suite=smoke',
    '--strategies=limited-pool,batched',
    '--concurrency=10,50',
    '--prep-cpu=0.5',
    '--rate-limit=200/s',
    '--latency=20',
    '--no-tls',
    '--quiet',
    '--export=bencher=bencher.json',
  ]);
  const options = parseBenchArgs([], configOf(settings));
  assert.deepEqual(options.overrides.strategies, ['limited-pool', 'batched']);
  assert.deepEqual(options.overrides.concurrency, [10, 50]);
  assert.equal(options.overrides.prepCpu, 0.5);
  assert.equal(options.overrides.target?.tls, false);
  assert.equal(options.quiet, true);
  assert.deepEqual(options.exports, [{ format: 'bencher', file: 'bencher.json' }]);
});

test('a command-line flag overrides the config, and a switch the config turned on can be turned off', () => {
  const config = configOf({ requests: 100, concurrency: [10], quiet: true, tls: true });
  const options = parseBenchArgs(['--requests', '20', '--no-quiet', '--no-tls'], config);
  assert.equal(options.overrides.requests, 20);
  assert.deepEqual(options.overrides.concurrency, [10]);
  assert.equal(options.quiet, false);
  assert.equal(options.overrides.target?.tls, false);
});

test('a flag the config sets is not a repeat when the command line gives it once, and the suite arguments hold it once', () => {
  const config = configOf({ requests: 5, quiet: true, allowRemote: true, export: [{ format: 'bencher', file: 'a.json' }] });
  const options = parseBenchArgs(['--requests', '6', '--no-quiet', '--allow-remote', '--export', 'bencher', 'b.json'], config);
  assert.equal(options.overrides.requests, 6);
  assert.equal(options.quiet, false);
  // --export is repeatable: the command line's add to the config's.
  assert.deepEqual(options.exports.map((e) => e.file), ['a.json', 'b.json']);
  assert.deepEqual(options.suiteArgs.filter((arg) => arg.startsWith('--requests')), ['--requests']);
  assert.deepEqual(options.suiteArgs.slice(options.suiteArgs.indexOf('--requests'), options.suiteArgs.indexOf('--requests') + 2), ['--requests', '6']);
  // A config's value the command line overrides is never checked: it is not used.
  assert.equal(parseBenchArgs(['--requests', '6'], configOf({ requests: 0 })).overrides.requests, 6);
  // The command line's own repeat is refused in its own words, with or without a config.
  assert.throws(() => parseBenchArgs(['--requests', '6', '--requests=7'], config), /^UsageError: --requests is given twice \(6 and 7\); give it once$/);
  assert.throws(() => parseBenchArgs(['--no-quiet', '--quiet'], config), /^UsageError: --quiet is given twice \(--no-quiet and --quiet\); give it once$/);
});

test('bench with a config and a command-line flag that overrides it runs as the command line says', async () => {
  const path = configFile('override.json', '{ "suite": "smoke", "requests": 5, "strategies": ["nope"] }');
  const result = await runInProcess('bench', ['--config', path, '--requests', '6', '--strategies', 'sequential', '--list']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
});

test("an error is blamed on the config only when the config's settings cause it", () => {
  const config = configOf({ requests: 0 });
  assert.throws(() => parseBenchArgs([], config), /^UsageError: config x\.json: "requests" must be a whole number from 1 to 1000000, got "0"$/);
  // The command line's own mistake is said in its words, even with a config.
  assert.throws(() => parseBenchArgs(['--iterations', '0'], configOf({ requests: 5 })), /^UsageError: --iterations must be a whole number/);
  // A remote target in the config is allowed by --allow-remote on the command line.
  const remote = configOf({ target: 'http://10.1.2.3:8080' });
  assert.equal(parseBenchArgs(['--allow-remote'], remote).target, 'http://10.1.2.3:8080');
});

test('every flag of npm run bench has a config key, and every config key is a flag (or customStrategies, customClients)', () => {
  // Actions and the config itself are not settings.
  const notSettings = new Set(['config', 'list', 'help']);
  const flags = Object.keys(BENCH_FLAGS).filter((flag) => !notSettings.has(flag));
  const keys = Object.keys(BenchConfigSchema.properties).filter((key) => key !== 'customStrategies' && key !== 'customClients');
  assert.deepEqual(keys.map((key) => flagOf(key)).sort(), flags.sort());
});

test("without --config, the working folder's fanout.config.* is the config; two of them, or a --config, decide otherwise", async () => {
  const project = mkdtempSync(join(tmpdir(), 'fanout-project-'));
  assert.equal(await loadConfigFile([], project), undefined);
  writeFileSync(join(project, 'fanout.config.json'), JSON.stringify({ suite: 'smoke', requests: 7 }));
  const found = await loadConfigFile([], project);
  assert.deepEqual(found, { source: 'config fanout.config.json', settings: { suite: 'smoke', requests: 7 } });
  assert.equal(parseBenchArgs([], found).overrides.requests, 7);
  const other = join(project, 'other.json');
  writeFileSync(other, JSON.stringify({ requests: 9 }));
  assert.deepEqual((await loadConfigFile(['--config', other], project))?.settings, { requests: 9 });
  writeFileSync(join(project, 'fanout.config.mjs'), 'export default { requests: 8 };\n');
  await assert.rejects(loadConfigFile([], project), (error: Error) => error.message === `${project} holds fanout.config.mjs and fanout.config.json: keep one, or name it with --config`);
});
