import { join } from 'node:path';
import type { Exporter } from '../exporter.ts';

/** report.html: environment, table, the charts inline and how to read each; one self-contained file. */
export const htmlExporter: Exporter = {
  format: 'html',
  summary: 'one self-contained page: environment, table, the charts inline (as --html)',
  noun: 'the HTML report',
  defaultPath: ({ reportDir }) => join(reportDir, 'report.html'),
  async render(report) {
    // Loaded only when asked: vega, vega-lite and the PNG renderer add ~40 MB to the client's RSS.
    const [{ renderHtml }, { renderCharts }] = await Promise.all([import('../html.ts'), import('../charts/render.ts')]);
    return renderHtml(report, await renderCharts(report));
  },
};
