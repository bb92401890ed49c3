import { join } from 'node:path';
import type { Exporter } from '../exporter.ts';
import { BASELINE_DIR, jsonText } from '../results-folder.ts';

/** The report as the committed baseline of its suite, which npm run bench:ci compares with. */
export const baselineExporter: Exporter = {
  format: 'baseline',
  summary: 'the report as the committed baseline of its suite, which npm run bench:ci compares with',
  noun: 'the baseline',
  defaultPath: ({ suite }) => join(BASELINE_DIR, `${suite}.json`),
  render: (report) => jsonText(report),
};
