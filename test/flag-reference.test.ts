import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BENCH_FLAGS } from '../cli/bench-options.ts';
import { flagReference, FLAG_REFERENCE_PATH } from '../cli/options/flag-reference.ts';
import { CHART_OPTIONS } from '../cli/chart-options.ts';
import { COMPARE_OPTIONS } from '../cli/compare-options.ts';
import { MOCK_SERVER_OPTIONS } from '../cli/mock-server-options.ts';
import { flagOf } from '../cli/options/option.ts';

const reference = readFileSync(FLAG_REFERENCE_PATH, 'utf8');

/** The flags a section of docs/flags.md lists, by the first cell of each row. */
function flagsIn(section: string): string[] {
  return [...section.matchAll(/^\| `--([\w-]+)/gm)].map((match) => match[1]!);
}

test('docs/flags.md is what npm run docs:flags writes from the option tables', () => {
  assert.equal(reference, flagReference(), 'docs/flags.md is stale: run npm run docs:flags');
});

test("docs/flags.md lists exactly the flags each command's parser accepts", () => {
  const [bench, mock, compare, chart] = reference.split(/^## /m).slice(1);
  assert.deepEqual(flagsIn(bench!).sort(), Object.keys(BENCH_FLAGS).sort());
  for (const [section, table] of [[mock, MOCK_SERVER_OPTIONS], [compare, COMPARE_OPTIONS], [chart, CHART_OPTIONS]] as const) {
    assert.deepEqual(flagsIn(section!).sort(), Object.keys(table).map(flagOf).sort());
  }
});
