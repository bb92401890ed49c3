import { CHARTS } from '../report/charts/index.ts';
import { parseFlags } from './parse-values.ts';
import { UsageError } from './usage-error.ts';

export interface ChartCliOptions {
  report: string;
  out: string;
  html: boolean;
  help: boolean;
}

const DEFAULT_CHART_DIR = 'results/charts';

/** One entry per registered chart: its name, then its summary (a second line indented under the first). */
const CHART_LINES = CHARTS.map(({ name, summary }) => `  ${name.padEnd(21)} ${summary.replaceAll('\n', `\n${' '.repeat(24)}`)}`).join('\n');

export const CHART_HELP = `Usage: npm run chart -- REPORT.json [--out DIR] [--html]

Draws a fanout report's charts with Vega-Lite and writes, for each, DIR/<name>.svg, DIR/<name>.png (text
in the bundled DejaVu Sans) and DIR/<name>.vl.json (the spec, to restyle in the Vega editor):
${CHART_LINES}

Options:
  --out DIR   where the files go (default: ${DEFAULT_CHART_DIR})
  --html      also write DIR/report.html: environment, table, charts inline and how to read each; one
              self-contained file
  --help      this text

Exit codes: 0 written, 2 bad input (unreadable file, not a fanout report, another schema version).`;

export function parseChartArgs(argv: string[]): ChartCliOptions {
  const { values, positionals } = parseFlags({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: DEFAULT_CHART_DIR },
      html: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { report: '', out: values.out, html: false, help: true };
  if (positionals.length !== 1) throw new UsageError(`give one report, REPORT.json (got ${positionals.length} paths; see --help)`);
  if (values.out === '') throw new UsageError('--out needs a folder');
  return { report: positionals[0]!, out: values.out, html: values.html, help: false };
}
