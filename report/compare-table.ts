import Table from 'cli-table3';
import type { CaseComparison, Comparison } from './compare.ts';

const number = (value: number | undefined, digits: number) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
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
    row.failing ? [row.verdict, ...row.failing].join('\n') : row.note ? `${row.verdict}\n${row.note}` : row.verdict,
  ];
}

const HEAD = ['case / metric', 'base median', 'head median', 'change (better +)\n[95% CI]', 'p (U test)', 'verdict'];

/** The gate's decision in a few lines: 'gate: passes', or 'gate: fails' and each reason. */
function gateLines(gate: readonly string[], bullet: string): string[] {
  return gate.length === 0 ? ['gate: passes'] : ['gate: fails', ...gate.map((reason) => `${bullet}${reason}`)];
}

/** The same as markdown: a bold status line, then the reasons as a list. */
function gateMarkdown(gate: readonly string[]): string[] {
  const [status, ...reasons] = gateLines(gate, '- ');
  return [`**${status}**`, ...(reasons.length ? ['', ...reasons.map((line) => line.replace(/\n/g, ' '))] : [])];
}

/** The comparison as a terminal table, with the warnings under it and, when given, the gate's reasons. */
export function renderComparison(comparison: Comparison, gate?: readonly string[]): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] }, colAligns: ['left', 'right', 'right', 'right', 'right', 'left'] });
  for (const row of comparison.rows) table.push(cells(row));
  return [table.toString(), ...comparison.warnings.map((warning) => `warning: ${warning}`), ...(gate ? gateLines(gate, '  - ') : [])].join('\n');
}

/**
 * The comparison as GitHub-flavoured markdown, for a pull-request comment or a job summary; when the
 * gate's reasons are given, the heading says whether it fails for more than failing cases and regressions,
 * and a section under the table lists why.
 */
export function comparisonMarkdown(comparison: Comparison, gate?: readonly string[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const regressed = comparison.rows.filter((row) => row.verdict === 'regressed').length;
  const failing = new Set(comparison.rows.filter((row) => row.verdict === 'failing').map((row) => row.id)).size;
  // gateFailures gives one reason per regressed row and one per failing case; the rest are other reasons.
  const others = gate ? gate.length - regressed - failing : 0;
  const plural = (count: number, word: string) => `${count} ${word}${count > 1 ? 's' : ''}`;
  const lines = [
    `### fanout: ${failing > 0 ? `${plural(failing, 'case')} failing, ` : ''}${regressed === 0 ? 'no regression' : plural(regressed, 'regression')}` +
      (others > 0 ? `; the gate fails for ${plural(others, 'other reason')}` : ''),
    '',
    `| ${HEAD.map(escape).join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...comparison.rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
    ...(comparison.warnings.length ? ['', ...comparison.warnings.map((warning) => `> warning: ${warning}`)] : []),
    ...(gate ? ['', ...gateMarkdown(gate)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The comparison as JSON, for a CI step that reads the verdicts: the gate (passes, and its reasons) and
 * each case's row per metric as compare computed it (medians, ratio with its 95% interval, p, verdict).
 */
export function comparisonJson(comparison: Comparison, gate: readonly string[]): string {
  return `${JSON.stringify({ gate: { passes: gate.length === 0, reasons: gate }, cases: comparison.rows, warnings: comparison.warnings }, null, 2)}\n`;
}
