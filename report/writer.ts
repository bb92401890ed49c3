import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './schema.ts';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * Writes the report to `out` (default results/<timestamp>.json) and to results/latest.json.
 * Returns the paths written.
 */
export async function writeReport(report: Report, out?: string): Promise<string[]> {
  const stamp = report.meta.createdAt.replace(/[:.]/g, '-');
  const primary = out ?? join(RESULTS_DIR, `${stamp}.json`);
  const latest = join(RESULTS_DIR, 'latest.json');
  const text = `${JSON.stringify(report, null, 2)}\n`;
  for (const path of [primary, latest]) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  return [primary, latest];
}
