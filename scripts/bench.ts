// `npm run bench -- [options]`: run a suite, print the table, write the report. See --help.
// The run itself is cli/bench-main.ts; what belongs to the process (its signals, its parent) is cli/bench-process.ts.
import { runBenchProcess } from '../cli/bench-process.ts';

await runBenchProcess(process.argv.slice(2));
