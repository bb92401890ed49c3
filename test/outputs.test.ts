import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { reportProblems } from '../report/schema.ts';
import { runInProcess, runScript } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanout-outputs-'));
const tiny = ['--strategies', 'shared-agent', '--clients', 'undici', '--requests', '2', '--iterations', '1', '--latency', '0', '--quiet'];
const withResults = (resultsDir: string) => ({ ...process.env, FANOUT_RESULTS_DIR: resultsDir });

/** A bench that must refuse before its first case: exit 2, one line, no case run, no table. */
async function assertRefusedBeforeRunning(args: string[], message: RegExp, env: NodeJS.ProcessEnv = process.env) {
  const result = await runInProcess('bench', [...tiny, ...args], env);
  assert.equal(result.status, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, message);
  assert.match(lines[0]!, /; nothing was run$/);
  assert.equal(result.stdout, '');
}

writeFileSync(join(dir, 'a-file'), 'not a folder\n');
mkdirSync(join(dir, 'a-folder'));
const refused: Array<[string, string[], RegExp]> = [
  ['--out that is a folder', ['--out', join(dir, 'a-folder')], /^bench: --out: .*a-folder is a folder; give a file name/],
  ['--out that is a device', ['--out', '/dev/full'], /^bench: --out: \/dev\/full is not a regular file/],
  ['an empty --out', ['--out='], /^bench: --out: the file name is empty/],
  ['an --export under a file', ['--export', `bencher=${join(dir, 'a-file', 'bencher.json')}`], /^bench: --export bencher: .*a-file is a file, not a folder/],
];
for (const [what, args, message] of refused) {
  test(`bench refuses ${what} before it runs anything (exit 2, one line)`, () => assertRefusedBeforeRunning(args, message));
}

/** Root can write into a chmod 555 folder, so as root a read-only mount stands in for it. */
function readOnlyFolder(): string {
  const folder = join(dir, 'read-only');
  mkdirSync(folder);
  if (process.getuid?.() === 0) {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', folder], { encoding: 'utf8' });
    if (mount.status === 0) {
      after(() => spawnSync('umount', [folder]));
      return folder;
    }
  }
  chmodSync(folder, 0o555);
  return folder;
}

test('bench refuses --out into a read-only folder before it runs anything', async (t) => {
  const folder = readOnlyFolder();
  if (process.getuid?.() === 0 && statfsSync(folder).type !== 0x01021994) return t.skip('root and no tmpfs mount: a chmod 555 folder is writable for root');
  await assertRefusedBeforeRunning(['--out', join(folder, 'report.json')], /^bench: --out: .*read-only.* cannot be written: (the file system is read-only \(EROFS\)|permission denied \(EACCES\))/);
});

const TMPFS_SIZE = 64 * 1024;

function smallTmpfs(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const folder = join(dir, 'full');
  mkdirSync(folder);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', folder], { encoding: 'utf8' });
  if (mount.status !== 0) return undefined;
  after(() => spawnSync('umount', [folder]));
  return folder;
}

test('a report that does not fit on a full disk keeps the previous latest.json byte for byte and lands in a fallback file', { skip: process.getuid?.() !== 0 && 'needs root to mount a 64 KB tmpfs' }, (t) => {
  const results = smallTmpfs();
  if (!results) return t.skip('cannot mount a tmpfs here');
  // A first run fills the results folder as a run does; then the disk fills up but for 2 KB.
  // A process: FANOUT_RESULTS_DIR is read when report/ loads, so the results folder needs one of its own.
  const first = runScript('bench.ts', tiny, 60_000, withResults(results));
  assert.equal(first.status, 0, first.stderr);
  const previous = readFileSync(join(results, 'latest.json'));
  const { bavail, bsize } = statfsSync(results);
  writeFileSync(join(results, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 2048)));

  const second = runScript('bench.ts', tiny, 60_000, withResults(results));
  assert.equal(second.status, 1, second.stderr);
  assert.ok(readFileSync(join(results, 'latest.json')).equals(previous), 'latest.json changed');
  assert.deepEqual(readdirSync(results).filter((name) => name.endsWith('.tmp')), [], 'a temporary file was left behind');
  const line = second.stderr.trim().split('\n').at(-1)!;
  const fallback = /the report is in (\S+\.json)$/.exec(line)?.[1];
  assert.ok(fallback, line);
  assert.match(line, /^bench: could not write .*latest\.json \(ENOSPC\)/);
  assert.ok(!fallback.startsWith(results) && existsSync(fallback), fallback);
  const report = JSON.parse(readFileSync(fallback, 'utf8'));
  assert.deepEqual(reportProblems(report), []);
  assert.equal(report.cases[0].state, 'ok');
  // The table still shows what was measured.
  assert.match(second.stdout, /│ shared-agent +│[^\n]*\n│ undici C=1 +│/);
});

test('compare refuses a --markdown it cannot write, and chart an --out that is a file: exit 2, one line', async () => {
  const report = 'results/baseline/ci.json';
  const compare = await runInProcess('compare', [report, report, '--markdown', join(dir, 'a-file', 'x.md')]);
  assert.equal(compare.status, 2, compare.stderr);
  assert.match(compare.stderr, /^compare: --markdown: .*a-file is a file, not a folder\n$/);
  const chart = await runInProcess('chart', [report, '--out', join(dir, 'a-file')]);
  assert.equal(chart.status, 2, chart.stderr);
  assert.match(chart.stderr, /^chart: --out: .*a-file is a file, not a folder\n$/);
});
