import { join } from 'node:path';
import type { Exporter } from '../exporter.ts';

/** Scratch: one line per case, its id and median req/s. */
export const csvExporter: Exporter = {
  format: 'csv',
  summary: 'case and median req/s, one line per case',
  noun: 'the CSV export',
  defaultPath: ({ reportDir }) => join(reportDir, 'report.csv'),
  render: (report) => ['case,req_per_s', ...report.cases.map((c) => `${c.id},${c.throughput.median.toFixed(1)}`)].join('\n') + '\n',
};
