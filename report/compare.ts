import { bootstrapTwoSampleInterval, median } from './statistics.ts';
import { mannWhitney, minimumSamples } from './mann-whitney.ts';
import type { CaseReport, Report } from './schema.ts';
import { throughputSamples } from './throughput.ts';

export const METRICS = ['throughput', 'efficiency', 'p99'] as const;
export type Metric = (typeof METRICS)[number];

export const VERDICTS = ['regressed', 'improved', 'unchanged', 'within noise', 'inconclusive', 'missing'] as const;
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
  /** Why a verdict is what it is when that is not obvious (too few samples, one report only). */
  note?: string;
}

export interface Comparison {
  rows: CaseComparison[];
  /** Reasons the two reports may not be comparable as they are (machine, node, library versions). */
  warnings: string[];
}

/** Per-iteration samples of a metric. */
function samplesOf(result: CaseReport, metric: Metric): number[] {
  switch (metric) {
    case 'throughput':
      return throughputSamples(result.requests, result.makespanMs.samples);
    case 'efficiency':
      return result.idealMs.samples.map((ideal, index) => ideal / result.makespanMs.samples[index]!);
    case 'p99':
      return result.latencyMs.p99Samples;
  }
}

/** Larger is better for throughput and efficiency; for latency smaller is. */
const LARGER_IS_BETTER: Record<Metric, boolean> = { throughput: true, efficiency: true, p99: false };

const medianOf = (values: number[]) => median([...values].sort((x, y) => x - y));

/**
 * One case, one metric: a regression or an improvement needs both a significant two-sided Mann-Whitney
 * U test (p < alpha) and a bootstrap 95% interval of the ratio of medians that lies wholly beyond the
 * threshold. An interval wholly inside +-threshold is `unchanged`; anything else is `within noise`.
 */
export function compareCase(base: CaseReport, head: CaseReport, metric: Metric, options: CompareOptions): CaseComparison {
  const a = samplesOf(base, metric);
  const b = samplesOf(head, metric);
  const row: CaseComparison = {
    id: base.id,
    metric,
    verdict: 'inconclusive',
    base: { median: medianOf(a), n: a.length },
    head: { median: medianOf(b), n: b.length },
  };
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
export function environmentWarnings(base: Report, head: Report): string[] {
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
