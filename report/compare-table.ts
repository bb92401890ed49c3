import Table from 'cli-table3';
import type { CaseComparison, Comparison } from './compare.ts';

const number = (value: number | undefined, digits: number) =>
  value === undefined ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percent = (ratio: number | undefined) => (ratio === undefined ? '-' : `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`);
const digitsFor = (row: CaseComparison) => (row.metric === 'efficiency' ? 3 : row.metric === 'p99' ? 2 : 0);

function cells(row: CaseComparison): string[] {
  const digits = digitsFor(row);
  return [
    `${row.id}\n${row.metric}`,
    row.base ? `${number(row.base.median, digits)} (n=${row.base.n})` : '-',
    row.head ? `${number(row.head.median, digits)} (n=${row.head.n})` : '-',
    row.ratio === undefined ? '-' : `${percent(row.ratio)}\n[${percent(row.ratioLow)}, ${percent(row.ratioHigh)}]`,
    row.p === undefined ? '-' : row.p < 0.0001 ? '<0.0001' : row.p.toFixed(4),
    row.note ? `${row.verdict}\n${row.note}` : row.verdict,
  ];
}

const HEAD = ['case / metric', 'base median', 'head median', 'change (better +)\n[95% CI]', 'p (U test)', 'verdict'];

/** The comparison as a terminal table, with the warnings under it. */
export function renderComparison(comparison: Comparison): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] }, colAligns: ['left', 'right', 'right', 'right', 'right', 'left'] });
  for (const row of comparison.rows) table.push(cells(row));
  return [table.toString(), ...comparison.warnings.map((warning) => `warning: ${warning}`)].join('\n');
}

/** The comparison as GitHub-flavoured markdown, for a pull-request comment or a job summary. */
export function comparisonMarkdown(comparison: Comparison): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const regressed = comparison.rows.filter((row) => row.verdict === 'regressed').length;
  const lines = [
    `### fanout: ${regressed === 0 ? 'no regression' : `${regressed} regression${regressed > 1 ? 's' : ''}`}`,
    '',
    `| ${HEAD.map(escape).join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...comparison.rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
    ...(comparison.warnings.length ? ['', ...comparison.warnings.map((warning) => `> warning: ${warning}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}
