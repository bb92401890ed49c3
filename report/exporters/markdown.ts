import { join } from 'node:path';
import { describeRun } from '../describe-run.ts';
import type { Exporter, ExportOptions } from '../exporter.ts';
import type { Report } from '../schema.ts';
import { problemSummary, tableData } from '../table.ts';

/** Text safe in a GitHub-flavoured markdown table cell: pipes escaped, lines joined with <br>. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').split('\n').join('<br>');

/** The run (describeRun) and the comparison table as GitHub-flavoured markdown, for a pull request or a write-up. */
export function renderMarkdown(report: Report, options: ExportOptions = {}): string {
  const run = describeRun(report);
  const data = tableData(report, options);
  const head = `| ${data.columns.map((column) => cell(column.head)).join(' | ')} |`;
  const rule = `| ${data.columns.map((column) => (column.align === 'right' ? '---:' : ':---')).join(' | ')} |`;
  const rows = data.rows.map((row) =>
    'group' in row ? `| **${cell(row.group)}** |${' |'.repeat(data.columns.length - 1)}` : `| ${row.cells.map(cell).join(' | ')} |`,
  );
  const listed = (items: string[]) => items.map((item) => `- ${cell(item)}`);
  const failures = report.cases.filter((c) => c.state !== 'ok').map(problemSummary);
  return [
    `## ${cell(run.title)}`,
    '',
    `${cell(run.workload)}${run.partial ? ' **(PARTIAL: interrupted)**' : ''}  `,
    `${cell([run.date, ...run.machine].join(' · '))}`,
    '',
    head,
    rule,
    ...rows,
    ...(data.notes.length ? ['', ...listed(data.notes)] : []),
    ...(failures.length ? ['', '**Cases not ok**', '', ...listed(failures)] : []),
    '',
  ].join('\n');
}

export const markdownExporter: Exporter = {
  format: 'markdown',
  summary: 'the run and the comparison table as GitHub-flavoured markdown',
  noun: 'the markdown table',
  defaultPath: ({ reportDir }) => join(reportDir, 'report.md'),
  render: renderMarkdown,
};
