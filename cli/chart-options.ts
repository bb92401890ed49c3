import { parseFlags } from './parse-values.ts';
import { UsageError } from './usage-error.ts';

export interface ChartCliOptions {
  report: string;
  out: string;
  html: boolean;
  help: boolean;
}

export const DEFAULT_CHART_DIR = 'results/charts';

export const CHART_HELP = `Usage: npm run chart -- REPORT.json [--out DIR] [--html]

Draws a fanout report's charts with Vega-Lite and writes, for each, DIR/<name>.svg, DIR/<name>.png (text
in the bundled DejaVu Sans) and DIR/<name>.vl.json (the spec, to restyle in the Vega editor):
  throughput            median req/s by strategy and client, 95% interval whiskers
  latency-percentiles   per-request latency against percentile on a log "nines" axis, a line per case
  in-flight             requests in flight at the target during one iteration, a panel per strategy
  concurrency-sweep     req/s against concurrency with Little's law (C / L) and the CPU ceiling
                        (npm run bench -- --suite sweep makes the report this one is for)
  measured-vs-ideal     each case's makespan against its replayed ideal, labelled with the efficiency

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
