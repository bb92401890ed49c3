import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readReport } from '../report/read-report.ts';
import { renderTable } from '../report/table.ts';
import { ROOT } from './cli-helpers.ts';

const report = await readReport(join(ROOT, 'docs/reports/default.json'));
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
/** The headings of the table's first heading row, left to right. */
const headings = (text: string) =>
  text
    .split('\n')
    .find((line) => line.startsWith('│ case'))!
    .split('│')
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');

test('the compact table has the columns a reader needs first, and fits in 100 columns', () => {
  const compact = renderTable(report, { layout: 'compact' });
  assert.deepEqual(headings(compact), ['case', 'req/s', 'effi-', 'latency ms', 'conns', 'peak in', 'state']);
  const tableLines = compact.split('\n').filter((line) => /^[┌│├└]/.test(line));
  assert.ok(widest(tableLines.join('\n')) <= 100, `the compact table is ${widest(tableLines.join('\n'))} columns wide`);
  // Every case is still there, with its figures.
  for (const result of report.cases) assert.ok(compact.includes(`│ ${result.strategy} `), result.id);
});

test('a terminal narrower than the compact table drops its least important columns, and wraps the lines around it', () => {
  const narrow = renderTable(report, { layout: 'compact', width: 70 });
  assert.ok(widest(narrow) <= 70, `widest line ${widest(narrow)}`);
  // conns and peak in flight go first; the case, its req/s and its state stay.
  assert.deepEqual(headings(narrow).slice(0, 2), ['case', 'req/s']);
  assert.ok(!headings(narrow).includes('conns') && headings(narrow).includes('state'));
});

test('the wide table (the default for files and the API) has every column', () => {
  const wide = renderTable(report);
  assert.equal(headings(wide).length, 12);
  assert.deepEqual(headings(renderTable(report, { layout: 'wide' })), headings(wide));
});

test('under the table, the run in words: the fastest case, and the cases by what limited them', () => {
  const fastest = [...report.cases].sort((a, b) => b.throughput.median - a.throughput.median)[0]!;
  const table = renderTable(report, { layout: 'compact' });
  const words = table.split('\n').filter((line, i, lines) => i > 0 && lines.slice(0, i).some((l) => l.startsWith('└')) && !l0(line));
  assert.match(table, new RegExp(`In words: the fastest case was ${fastest.id} at `));
  const limited = new Set(report.cases.map((c) => c.bottleneck));
  assert.equal(words.filter((line) => /^\d+ cases? were |^One case was /.test(line)).length, limited.size, words.join('\n'));
  assert.ok(words.length >= 2 && words.length <= 5 + report.cases.filter((c) => c.warnings.length > 0).length);
});

function l0(line: string): boolean {
  return /^[┌│├└]/.test(line);
}
