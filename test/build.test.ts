import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ROOT } from './cli-helpers.ts';

// npm's scripts run the build in dist/ on plain Node (no tsx loader in the measured process), so the
// build must do what the sources do, a TypeScript config with its own strategy included.
const dir = mkdtempSync(join(tmpdir(), 'fanout-build-'));
const config = join(dir, 'typed.ts');
writeFileSync(
  config,
  `interface Run { requests: number; send: (index: number) => Promise<unknown> }
export default {
  customStrategies: [{
    name: 'typed-loop',
    summary: 'one request after another, from a TypeScript config',
    usesConcurrency: false,
    effectiveConcurrency: (): number => 1,
    clientSettings: () => ({ keepAlive: true, maxSockets: 1 }),
    async run({ requests, send }: Run): Promise<void> {
      for (let index = 0; index < requests; index++) await send(index);
    },
    predict: (): number => 0,
  }],
};
`,
);

const runBuilt = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/scripts/bench.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

before(() => {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(build.status, 0, build.stdout + build.stderr);
});

test('the build runs on plain Node and loads a TypeScript config: its strategy is listed and runs', () => {
  const listed = runBuilt(['--config', config, '--list']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /^ {2}typed-loop +one request after another, from a TypeScript config$/m);

  const out = join(dir, 'report.json');
  const ran = runBuilt(['--config', config, '--strategies', 'typed-loop', '--clients', 'undici', '--requests', '6', '--iterations', '1', '--quiet', '--out', out]);
  assert.equal(ran.status, 0, ran.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.cases.length, 1);
  assert.equal(report.cases[0].strategy, 'typed-loop');
  assert.equal(report.cases[0].state, 'ok', report.cases[0].problems.join('; '));
  assert.equal(report.cases[0].counts.ok, 6);
});

test('the build reports a broken TypeScript config in one line with exit 2, naming the file, line and column', () => {
  const broken = join(dir, 'broken.ts');
  writeFileSync(broken, 'const n: number = ;\nexport default {};\n');
  const result = runBuilt(['--config', broken, '--list']);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  // Through tsx's API (tsImport) from the build, esbuild's error says where, as it does under the sources.
  assert.equal(result.stderr, `bench: config ${broken}: loading it failed: ${broken}:1:19: Unexpected ";"\n`);
});
