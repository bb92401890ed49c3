import { CHARTS } from '../report/charts/index.ts';
import { onOff, text, type ValuesOf } from './options/option.ts';
import { defaultsOf, parseCommandLine, renderOptions } from './options/table.ts';
import { UsageError } from './usage-error.ts';

export interface ChartCliOptions {
  report: string;
  out: string;
  html: boolean;
  help: boolean;
}

/** Every option of npm run chart, once. */
export const CHART_OPTIONS = {
  out: text({ group: 'output', placeholder: 'DIR', help: 'where the files go', default: 'results/charts' }),
  html: onOff({ group: 'output', help: 'also write DIR/report.html: environment, table, charts inline and how to read each; one self-contained file', default: false }),
  help: onOff({ group: 'output', help: 'this text', commandLineOnly: true }),
};

export const CHART_GROUPS = [{ id: 'output', title: 'Options' }];

/** One entry per registered chart: its name, then its summary (a second line indented under the first). */
const CHART_LINES = CHARTS.map(({ name, summary }) => `  ${name.padEnd(21)} ${summary.replaceAll('\n', `\n${' '.repeat(24)}`)}`).join('\n');

export const CHART_HELP = `Usage: fanout chart REPORT.json [--out DIR] [--html]
       npm run chart -- REPORT.json [--out DIR] [--html]   (in fanout's own checkout)

Draws a fanout report's charts with Vega-Lite and writes, for each, DIR/<name>.svg, DIR/<name>.png (text
in the bundled DejaVu Sans) and DIR/<name>.vl.json (the spec, to restyle in the Vega editor):
${CHART_LINES}

${renderOptions(CHART_OPTIONS, CHART_GROUPS)}

Exit codes: 0 written, 2 bad input (unreadable file, not a fanout report, another schema version).`;

export function parseChartArgs(argv: string[]): ChartCliOptions {
  const { values: given, positionals } = parseCommandLine(CHART_OPTIONS, argv, true);
  const values = { ...defaultsOf(CHART_OPTIONS), ...given } as ValuesOf<typeof CHART_OPTIONS>;
  if (values.help) return { report: '', out: values.out, html: false, help: true };
  if (positionals.length !== 1) throw new UsageError(`give one report, REPORT.json (got ${positionals.length} paths; see --help)`);
  if (values.out === '') throw new UsageError('--out needs a folder');
  return { report: positionals[0]!, out: values.out, html: values.html, help: false };
}
