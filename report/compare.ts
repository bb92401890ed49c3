import { bootstrapTwoSampleInterval, median, normalQuantile, sortedCopy } from './statistics.ts';
import { mannWhitney, minimumSamples } from './mann-whitney.ts';
import type { CaseReport, Report } from './schema.ts';
import { throughputSamples } from './throughput.ts';

export const METRICS = ['throughput', 'efficiency', 'p99'] as const;
export type Metric = (typeof METRICS)[number];

const VERDICTS = ['failing', 'regressed', 'improved', 'unchanged', 'within noise', 'inconclusive', 'missing'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface CompareOptions {
  /** Smallest change that counts, as a fraction (0.05 = 5%). */
  threshold: number;
  /** Significance level of the Mann-Whitney U test. */
  alpha: number;
  metrics: Metric[];
  seed: number;
}

export interface CaseComparison {
  id: string;
  metric: Metric;
  verdict: Verdict;
  base?: { median: number; n: number };
  head?: { median: number; n: number };
  /** The ratio of medians oriented so that above 1 is better, and its bootstrap 95% interval. */
  ratio?: number;
  ratioLow?: number;
  ratioHigh?: number;
  p?: number;
  /** Why a verdict is what it is when that is not obvious (too few samples, one report only, what failed). */
  note?: string;
  /** For `failing`: each way HEAD's case is less correct than BASE's, one phrase each (the note joins them). */
  failing?: string[];
}

export interface Comparison {
  rows: CaseComparison[];
  /** Reasons the two reports may not be comparable as they are (machine, node, library versions). */
  warnings: string[];
}

/**
 * Per-iteration samples of a metric, counting successful requests only. A report keeps one makespan per
 * iteration but the ok count for the whole case, so an iteration's throughput is its requests times the
 * case's ok share (ok / sent) over its makespan: requests that failed are no speed. With no failure that is
 * requests / makespan, as it always was. A per-iteration p99 is 0 for an iteration in which no request
 * succeeded (it has no latency at all), so when requests failed those zeros are left out. Efficiency is
 * ideal / measured, both over the same iteration; it is taken as it is.
 */
function samplesOf(result: CaseReport, metric: Metric): number[] {
  switch (metric) {
    case 'throughput': {
      const okShare = result.counts.sent > 0 ? result.counts.ok / result.counts.sent : 1;
      return throughputSamples(result.requests * okShare, result.makespanMs.samples);
    }
    case 'efficiency':
      return result.idealMs.samples.map((ideal, index) => ideal / result.makespanMs.samples[index]!);
    case 'p99':
      return result.counts.failed > 0 ? result.latencyMs.p99Samples.filter((ms) => ms > 0) : result.latencyMs.p99Samples;
  }
}

/** Larger is better for throughput and efficiency; for latency smaller is. */
const LARGER_IS_BETTER: Record<Metric, boolean> = { throughput: true, efficiency: true, p99: false };

const medianOf = (values: number[]) => median(sortedCopy(values));

/** The smallest rise of a share (error rate, or the fall of the ok share) that counts: 0.1 percentage point. */
const MIN_SHARE_CHANGE = 0.001;

/**
 * Whether a share of requests (x of n: failed of sent) rose from BASE to HEAD beyond noise: by more than
 * MIN_SHARE_CHANGE and by more than a one-sided two-proportion z-test at `alpha` allows, z(1 - alpha)
 * times the pooled standard error sqrt(p (1 - p) (1/n1 + 1/n2)). The test alone would flag, with a million
 * requests a side, a rise of a few hundredths of a percent; and requests of one run are not independent (a
 * stall fails many at once), so the test is, if anything, too quick to flag; the floor keeps a blip from
 * failing the gate. Without requests on either side there is no share to compare.
 */
export function shareRose(base: { x: number; n: number }, head: { x: number; n: number }, alpha: number): boolean {
  if (base.n === 0 || head.n === 0) return false;
  const rise = head.x / head.n - base.x / base.n;
  const pooled = (base.x + head.x) / (base.n + head.n);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / base.n + 1 / head.n));
  return rise > Math.max(MIN_SHARE_CHANGE, normalQuantile(1 - alpha) * standardError);
}

/**
 * The requests a case's measured iterations were due: requests x iterations, or what it sent when that is
 * more (its counts also hold an iteration cut off at the deadline or by a signal, which is not measured).
 */
const dueRequests = (result: CaseReport) => Math.max(result.requests * result.iterations, result.counts.sent);

const share = (x: number, n: number) => `${n === 0 ? '0.0' : ((x / n) * 100).toFixed(1)}%`;

/**
 * How HEAD's case is less correct than BASE's, one phrase each (empty: it is not), judged before any speed:
 * a case that fails fast is not fast. Its state is not ok; its error rate (failed / sent) rose beyond noise
 * (shareRose); its ok requests fell beyond noise, as a share of the requests its measured iterations were
 * due (dueRequests), which says what the error rate cannot when requests were never sent; or,
 * when none of those, no request of HEAD succeeded at all (it has no speed to compare, even if BASE had none
 * either).
 */
export function correctnessProblems(base: CaseReport, head: CaseReport, alpha: number): string[] {
  const problems: string[] = [];
  if (head.state !== 'ok') problems.push(`state ${head.state}`);
  const errorRateRose = shareRose({ x: base.counts.failed, n: base.counts.sent }, { x: head.counts.failed, n: head.counts.sent }, alpha);
  if (errorRateRose) problems.push(`error rate rose ${share(base.counts.failed, base.counts.sent)} -> ${share(head.counts.failed, head.counts.sent)}`);
  const baseDue = dueRequests(base);
  const headDue = dueRequests(head);
  // The ok share's fall is the error rate's rise whenever every due request was sent: said once.
  const unsent = head.counts.sent < headDue || base.counts.sent < baseDue;
  const okFell =
    headDue === 0
      ? base.counts.ok > 0
      : shareRose({ x: baseDue - base.counts.ok, n: baseDue }, { x: headDue - head.counts.ok, n: headDue }, alpha);
  if (okFell && (!errorRateRose || unsent)) problems.push(`ok requests fell ${base.counts.ok} of ${baseDue} -> ${head.counts.ok} of ${headDue}`);
  if (head.counts.ok === 0 && !errorRateRose && !okFell) problems.push(`no request succeeded (${base.counts.ok === 0 ? 'none in BASE either' : `${base.counts.ok} in BASE`})`);
  return problems;
}

/**
 * One case, one metric. Correctness first: a case whose HEAD is less correct than its BASE
 * (correctnessProblems) is `failing`, whatever its speed. Otherwise a regression or an improvement needs
 * both a significant two-sided Mann-Whitney U test (p < alpha) and a bootstrap 95% interval of the ratio
 * of medians that lies wholly beyond the threshold. An interval wholly inside +-threshold is `unchanged`;
 * anything else is `within noise`. A BASE in which no request succeeded has no speed to compare with:
 * `inconclusive`.
 */
function compareCase(base: CaseReport, head: CaseReport, metric: Metric, options: CompareOptions): CaseComparison {
  const a = samplesOf(base, metric);
  const b = samplesOf(head, metric);
  const row: CaseComparison = {
    id: base.id,
    metric,
    verdict: 'inconclusive',
    base: { median: medianOf(a), n: a.length },
    head: { median: medianOf(b), n: b.length },
  };
  const failing = correctnessProblems(base, head, options.alpha);
  if (failing.length > 0) return { ...row, verdict: 'failing', note: failing.join('; '), failing };
  if (base.counts.ok === 0) return { ...row, note: 'no request of BASE succeeded: no speed to compare with' };
  const needed = minimumSamples(options.alpha);
  if (a.length < needed || b.length < needed) {
    return { ...row, note: `needs at least ${needed} iterations on each side for alpha ${options.alpha} (has ${a.length} and ${b.length})` };
  }
  // Oriented so that above 1 is better: head/base for throughput, base/head for latency.
  const oriented = LARGER_IS_BETTER[metric] ? (x: number, y: number) => y / x : (x: number, y: number) => x / y;
  const [ratioLow, ratioHigh] = bootstrapTwoSampleInterval(a, b, oriented, options.seed);
  const { p } = mannWhitney(a, b);
  const significant = p < options.alpha;
  const verdict: Verdict =
    significant && ratioHigh < 1 - options.threshold
      ? 'regressed'
      : significant && ratioLow > 1 + options.threshold
        ? 'improved'
        : ratioLow >= 1 - options.threshold && ratioHigh <= 1 + options.threshold
          ? 'unchanged'
          : 'within noise';
  return { ...row, verdict, ratio: oriented(row.base!.median, row.head!.median), ratioLow, ratioHigh, p };
}

/** What differs between the machines and software of two reports. */
function environmentWarnings(base: Report, head: Report): string[] {
  const warnings: string[] = [];
  const differs = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) warnings.push(`${what} differs: ${JSON.stringify(x)} in the base, ${JSON.stringify(y)} in the head`);
  };
  differs('the machine (cpu model x count)', `${base.meta.cpuModel} x ${base.meta.cpus}`, `${head.meta.cpuModel} x ${head.meta.cpus}`);
  differs('node', base.meta.node, head.meta.node);
  for (const name of new Set([...Object.keys(base.meta.versions), ...Object.keys(head.meta.versions)])) {
    differs(`${name}'s version`, base.meta.versions[name], head.meta.versions[name]);
  }
  if (warnings.length > 0) {
    warnings.push(
      'across machines or versions, raw throughput moves with the machine; in latency-bound cases ' +
        'efficiency (ideal / measured) is the robust metric: compare with --metric efficiency',
    );
  }
  return warnings;
}

/** Every case of either report, matched by id, for every asked metric. */
export function compareReports(base: Report, head: Report, options: CompareOptions): Comparison {
  const headById = new Map(head.cases.map((result) => [result.id, result]));
  const baseIds = new Set(base.cases.map((result) => result.id));
  const rows: CaseComparison[] = [];
  for (const metric of options.metrics) {
    for (const result of base.cases) {
      const other = headById.get(result.id);
      rows.push(other ? compareCase(result, other, metric, options) : { id: result.id, metric, verdict: 'missing', note: 'only in the base report' });
    }
    for (const result of head.cases) {
      if (!baseIds.has(result.id)) rows.push({ id: result.id, metric, verdict: 'missing', note: 'only in the head report' });
    }
  }
  return { rows, warnings: environmentWarnings(base, head) };
}
