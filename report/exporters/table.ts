import { join } from 'node:path';
import type { Exporter } from '../exporter.ts';
import { renderTable } from '../table.ts';

/** The terminal's comparison table, as plain text: what a run prints unless something else goes to stdout. */
export const tableExporter: Exporter = {
  format: 'table',
  summary: 'the comparison table the terminal shows, as plain text',
  noun: 'the table',
  defaultPath: ({ reportDir }) => join(reportDir, 'table.txt'),
  render: (report, options) => `${renderTable(report, options)}\n`,
};
