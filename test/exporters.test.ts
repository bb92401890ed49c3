import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseBenchArgs } from '../cli/bench-options.ts';
import { describeRun } from '../report/describe-run.ts';
import { EXPORTERS, exportContext, outputsOf, parseExportFlag, pathOf, PENDING_STAMP, stdoutIsTheTable } from '../report/exporters.ts';
import { renderMarkdown } from '../report/exporters/markdown.ts';
import { BASELINE_DIR, RESULTS_DIR } from '../report/results-folder.ts';
import { reportProblems, type Report } from '../report/schema.ts';
import { renderTable } from '../report/table.ts';
import { ROOT, runInProcess, runScript } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanout-exporters-'));
const tiny = ['--strategies', 'shared-agent', '--clients', 'undici', '--requests', '2', '--iterations', '1', '--latency', '0', '--quiet'];
const baseline = (): Report => JSON.parse(readFileSync(join(ROOT, 'results', 'baseline', 'ci.json'), 'utf8'));

test('--export FORMAT[=FILE]: the file is optional for a format with a default, and the two-word form still works', () => {
  const exports = (...argv: string[]) => parseBenchArgs(argv).exports;
  assert.deepEqual(exports('--export', 'html'), [{ format: 'html' }]);
  assert.deepEqual(exports('--export=markdown'), [{ format: 'markdown' }]);
  assert.deepEqual(exports('--export', 'markdown=notes.md', '--export', 'table', 'table.txt', '--export', 'json=-'), [
    { format: 'markdown', file: 'notes.md' },
    { format: 'table', file: 'table.txt' },
    { format: 'json', file: '-' },
  ]);
  // A format with a default stands alone before a flag; the flag is still read.
  const options = parseBenchArgs(['--export', 'html', '--json', '--export', 'baseline', '--requests', '5']);
  assert.deepEqual(options.exports, [{ format: 'html' }, { format: 'baseline' }]);
  assert.equal(options.json, true);
  assert.equal(options.overrides.requests, 5);
  // The suite's arguments (for --interleave) drop the outputs whatever their form, and keep the rest.
  assert.deepEqual(options.suiteArgs, ['--requests', '5']);
  assert.deepEqual(parseBenchArgs(['--export', 'bencher', 'a.json', '--requests', '5']).suiteArgs, ['--requests', '5']);
  // FORMAT=FILE is one word: a flag after it is a flag, not its file.
  const oneWord = parseBenchArgs(['--export', 'bencher=a.json', '--json']);
  assert.deepEqual(oneWord.exports, [{ format: 'bencher', file: 'a.json' }]);
  assert.equal(oneWord.json, true);
});

test('--export refuses what it cannot write: a format with no default and no file, an empty file, two files on stdout', () => {
  assert.throws(() => parseExportFlag('bencher'), /^UsageError: --export takes FORMAT FILE for bencher, which has no default file, got "bencher"$/);
  assert.throws(() => parseExportFlag('html='), /^UsageError: --export html= has an empty file name; give html=FILE, or html alone for its default file$/);
  assert.throws(() => parseExportFlag('github-action-benchmark=-'), /cannot go to stdout/);
  assert.throws(() => parseExportFlag('csv=x.csv'), (error: Error) => EXPORTERS.every((exporter) => error.message.includes(exporter.format)));
  assert.throws(() => parseBenchArgs(['--export', 'github-action-benchmark', '--json']), /--export github-action-benchmark needs a file name, got the flag "--json"/);
});

test('every exporter has a unique format, a summary and a noun, and renders or writes', () => {
  assert.equal(new Set(EXPORTERS.map((exporter) => exporter.format)).size, EXPORTERS.length, 'formats are unique');
  for (const exporter of EXPORTERS) {
    assert.match(exporter.format, /^[a-z][a-z-]*$/);
    assert.ok(exporter.summary && exporter.noun, exporter.format);
    assert.ok(exporter.render || exporter.write, `${exporter.format} can neither render nor write`);
  }
});

test('default paths: the report in results/<timestamp>.json, html and markdown next to it, the baseline under results/baseline/', () => {
  const flags = { json: false, html: true, saveBaseline: true, exports: [{ format: 'markdown' }, { format: 'table' }] };
  const byDefault = outputsOf(flags);
  const context = exportContext(byDefault, 'ci', '2026-01-02T03-04-05-000Z');
  const paths = Object.fromEntries(byDefault.map((output) => [`${output.exporter.format} ${output.via}`, pathOf(output, context)]));
  assert.deepEqual(paths, {
    'json results folder': join(RESULTS_DIR, '2026-01-02T03-04-05-000Z.json'),
    'html --html': join(RESULTS_DIR, 'report.html'),
    'baseline --save-baseline': join(BASELINE_DIR, 'ci.json'),
    'markdown --export markdown': join(RESULTS_DIR, 'report.md'),
    'table --export table': join(RESULTS_DIR, 'table.txt'),
    'table stdout': '-',
  });
  // --out moves the report, and what goes next to it follows; --json takes stdout from the table.
  const moved = outputsOf({ ...flags, out: '/x/y/run.json', json: true });
  const movedContext = exportContext(moved, 'ci', PENDING_STAMP);
  assert.deepEqual(
    moved.map((output) => pathOf(output, movedContext)),
    ['/x/y/run.json', '/x/y/report.html', join(BASELINE_DIR, 'ci.json'), '/x/y/report.md', '/x/y/table.txt', '-'],
  );
  assert.equal(stdoutIsTheTable(moved), false);
  assert.equal(stdoutIsTheTable(byDefault), true);
  // An --export json=FILE is the report: no second one goes to the default file.
  assert.deepEqual(outputsOf({ json: false, html: false, saveBaseline: false, exports: [{ format: 'json', file: 'a.json' }] }).map((output) => output.file), ['a.json', '-']);
});

test('describeRun is what the table and the markdown say about the run', () => {
  const report = baseline();
  const run = describeRun(report);
  assert.equal(renderTable(report).split('\n').slice(0, 2).join('\n'), `${run.headline}\n${run.machine.join(', ')}`);
  const markdown = renderMarkdown(report);
  assert.ok(markdown.startsWith(`## ${run.title}\n\n${run.workload}`), markdown.slice(0, 200));
  assert.ok(markdown.includes(run.machine.join(' · ')));
  assert.equal(markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| case') && !line.startsWith('| :')).length, report.cases.length);
  const partial = describeRun({ ...report, partial: true });
  assert.match(partial.headline, /\(PARTIAL: interrupted\)$/);
  assert.match(partial.footnote, /PARTIAL \(interrupted\)$/);
});

test('bench --export with and without FILE: the formats land on their default paths next to --out, and --json keeps stdout JSON', () => {
  const out = join(dir, 'run', 'run.json');
  const env = { ...process.env, FANOUT_RESULTS_DIR: join(dir, 'results') };
  const result = runScript('bench.ts', [...tiny, '--out', out, '--export', 'markdown', '--export', 'table', join(dir, 'table.txt'), '--export', 'html', '--json'], 120_000, env);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(reportProblems(report), []);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), report);
  const markdown = readFileSync(join(dir, 'run', 'report.md'), 'utf8');
  assert.ok(markdown.startsWith(`## fanout: suite default\n\n${describeRun(report).workload}`), markdown.slice(0, 200));
  assert.match(markdown, /^\| shared-agent \/ undici<br>C=1 \|/m);
  assert.ok(readFileSync(join(dir, 'run', 'report.html'), 'utf8').includes('<h1>fanout: suite default</h1>'));
  assert.equal(readFileSync(join(dir, 'table.txt'), 'utf8'), `${renderTable(report)}\n`);
  assert.ok(existsSync(join(dir, 'results', 'latest.json')));
});

test('bench checks an export\'s default path before it runs anything (exit 2, one line)', async () => {
  // report.md next to the report is a folder: --export markdown (no FILE) cannot write there.
  mkdirSync(join(dir, 'md', 'report.md'), { recursive: true });
  const env = { ...process.env, FANOUT_RESULTS_DIR: join(dir, 'results') };
  const result = await runInProcess('bench', [...tiny, '--out', join(dir, 'md', 'run.json'), '--export', 'markdown'], env);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /^bench: --export markdown: .*md\/report\.md is a folder; give a file name; nothing was run\n$/);
  assert.equal(result.stdout, '');
  assert.equal(existsSync(join(dir, 'md', 'run.json')), false);
});
