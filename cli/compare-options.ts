import { METRICS, type Metric } from '../report/compare.ts';
import type { Assertion } from '../report/assertions.ts';
import { GATE_DEFAULTS } from '../report/gate.ts';
import { assertOption } from './options/assert.ts';
import { decimal, names, onOff, text, type ValuesOf } from './options/option.ts';
import { defaultsOf, parseCommandLine, renderOptions } from './options/table.ts';
import { UsageError } from './usage-error.ts';

export interface CompareCliOptions {
  base: string;
  head: string;
  threshold: number;
  alpha: number;
  metrics: Metric[];
  markdown?: string;
  /** A case of BASE missing from HEAD does not fail the gate. */
  allowMissing: boolean;
  /** The comparison as JSON on stdout instead of the table. */
  json: boolean;
  /** --assert: limits HEAD's cases must meet, else the gate fails. */
  assertions: Assertion[];
  help: boolean;
}

/** Every option of npm run compare, once: its flag, default, range and --help line. */
export const COMPARE_OPTIONS = {
  threshold: decimal({ group: 'gate', placeholder: 'PCT', help: 'smallest change that counts, in percent', min: 0.1, max: 100, unit: '%', default: GATE_DEFAULTS.threshold * 100 }),
  alpha: decimal({ group: 'gate', placeholder: 'A', help: 'significance level of the U test', min: 0.0001, max: 0.5, default: GATE_DEFAULTS.alpha }),
  metric: names(() => METRICS, { group: 'gate', placeholder: 'M[,M2]', help: `metrics to compare: ${METRICS.join(', ')}`, default: [...GATE_DEFAULTS.metrics] }),
  assert: assertOption('gate'),
  allowMissing: onOff({
    group: 'gate',
    help: 'a case of BASE missing from HEAD does not fail the gate (HEAD ran fewer cases on purpose); the reports must still share a case, and every other rule holds',
    default: GATE_DEFAULTS.allowMissing,
  }),
  markdown: text({ group: 'output', placeholder: 'FILE', help: 'also write the comparison as markdown (it is appended to $GITHUB_STEP_SUMMARY whenever that is set, as in a GitHub Actions job)', defaultText: 'none' }),
  json: onOff({
    group: 'output',
    help: "print the comparison as JSON on stdout instead of the table: the gate's verdict and reasons, and each case's verdict per metric with its medians, ratio, interval and p (the reasons still go to stderr)",
    default: false,
  }),
  help: onOff({ group: 'output', help: 'this text', commandLineOnly: true }),
};

export const COMPARE_GROUPS = [
  { id: 'gate', title: 'The gate' },
  { id: 'output', title: 'Output' },
];

export const COMPARE_HELP = `Usage: fanout compare BASE.json HEAD.json [options]
       npm run compare -- BASE.json HEAD.json [options]   (in fanout's own checkout)

Compares two fanout reports case by case (matched by id), correctness before speed. A case is failing,
whatever its speed, when HEAD's case is not ok, its error rate (failed / sent) rose or its ok requests
fell beyond noise (by more than 0.1 percentage point and than a one-sided two-proportion z-test at alpha
allows), or none of its requests succeeded. Otherwise it regressed when a two-sided Mann-Whitney U test
on its per-iteration samples (throughput counts successful requests only) is significant (p < alpha)
AND the bootstrap 95% interval of the ratio of medians lies wholly beyond the threshold. Verdicts:
failing, regressed, improved, unchanged (interval within the threshold), within noise, inconclusive (too
few iterations, or no request of BASE succeeded), missing (in one report only).

The gate fails (exit 1, each reason on its own line on stderr) when a case regressed or is failing (one
line per case, saying what rose or fell), when a case of BASE is missing from HEAD, when a case of HEAD
is not ok (failed or aborted), when HEAD is partial (an interrupted run), when the reports share no
case, when either holds no case, or when either repeats a case id. A case only in HEAD is no reason.

${renderOptions(COMPARE_OPTIONS, COMPARE_GROUPS)}

Exit codes: 0 the gate passes, 1 it fails (see above), 2 bad input (unreadable file, another schema
version, a report that breaks the contract).`;

export function parseCompareArgs(argv: string[]): CompareCliOptions {
  const { values: given, positionals } = parseCommandLine(COMPARE_OPTIONS, argv, true);
  const values = { ...defaultsOf(COMPARE_OPTIONS), ...given } as ValuesOf<typeof COMPARE_OPTIONS>;
  const options = { threshold: values.threshold / 100, alpha: values.alpha, metrics: values.metric as Metric[], allowMissing: values.allowMissing, json: values.json, assertions: values.assert ?? [] };
  if (values.help) return { base: '', head: '', ...options, help: true };
  if (positionals.length !== 2) {
    throw new UsageError(`give two reports, BASE.json HEAD.json (got ${positionals.length} paths; see --help)`);
  }
  return { base: positionals[0]!, head: positionals[1]!, ...options, ...(values.markdown ? { markdown: values.markdown } : {}), help: false };
}
