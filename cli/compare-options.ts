import { METRICS, type Metric } from '../report/compare.ts';
import { GATE_DEFAULTS } from '../report/gate.ts';
import { parseDecimal, parseFlags, parseNameList } from './parse-values.ts';
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
  help: boolean;
}

/** The default threshold as the percent --threshold takes. */
const DEFAULT_THRESHOLD_PCT = String(GATE_DEFAULTS.threshold * 100);
const DEFAULT_METRICS = GATE_DEFAULTS.metrics.join(',');

export const COMPARE_HELP = `Usage: npm run compare -- BASE.json HEAD.json [options]

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

Options:
  --threshold PCT   smallest change that counts, in percent, 0.1 to 100 (default ${DEFAULT_THRESHOLD_PCT})
  --alpha A         significance level of the U test, 0.0001 to 0.5 (default ${GATE_DEFAULTS.alpha})
  --metric M[,M2]   metrics to compare: ${METRICS.join(', ')} (default ${DEFAULT_METRICS})
  --markdown FILE   also write the comparison as markdown (it is appended to $GITHUB_STEP_SUMMARY
                    whenever that is set, as in a GitHub Actions job)
  --allow-missing   a case of BASE missing from HEAD does not fail the gate (HEAD ran fewer cases on
                    purpose); the reports must still share a case, and every other rule holds
  --help            this text

Exit codes: 0 the gate passes, 1 it fails (see above), 2 bad input (unreadable file, another schema
version, a report that breaks the contract).`;

export function parseCompareArgs(argv: string[]): CompareCliOptions {
  const { values, positionals } = parseFlags({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      threshold: { type: 'string', default: DEFAULT_THRESHOLD_PCT },
      alpha: { type: 'string', default: String(GATE_DEFAULTS.alpha) },
      metric: { type: 'string', default: DEFAULT_METRICS },
      markdown: { type: 'string' },
      'allow-missing': { type: 'boolean', default: GATE_DEFAULTS.allowMissing },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { base: '', head: '', ...GATE_DEFAULTS, metrics: [...GATE_DEFAULTS.metrics], help: true };
  if (positionals.length !== 2) {
    throw new UsageError(`give two reports, BASE.json HEAD.json (got ${positionals.length} paths; see --help)`);
  }
  return {
    base: positionals[0]!,
    head: positionals[1]!,
    threshold: parseDecimal('threshold', values.threshold, 0.1, 100) / 100,
    alpha: parseDecimal('alpha', values.alpha, 0.0001, 0.5),
    metrics: parseNameList('metric', values.metric, METRICS) as Metric[],
    ...(values.markdown ? { markdown: values.markdown } : {}),
    allowMissing: values['allow-missing'],
    help: false,
  };
}
