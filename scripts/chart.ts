// `npm run chart -- REPORT.json [--out DIR] [--html]`: a report's charts as SVG, PNG and Vega-Lite spec.
import { chartMain } from '../cli/chart-main.ts';
import { runCli } from '../cli/usage-error.ts';

await runCli('chart', () => chartMain(process.argv.slice(2)));
