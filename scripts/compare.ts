// `npm run compare -- BASE.json HEAD.json [--threshold PCT] [--alpha A] [--metric M] [--markdown FILE] [--allow-missing]`
import { compareMain } from '../cli/compare-main.ts';
import { runCli } from '../cli/usage-error.ts';

await runCli('compare', () => compareMain(process.argv.slice(2)));
