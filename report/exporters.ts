import type { Report } from './schema.ts';

export const EXPORT_FORMATS = ['github-action-benchmark', 'bencher'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface GithubActionBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/**
 * github-action-benchmark's custom tools: one file for `customBiggerIsBetter` (throughput, req/s) and
 * one for `customSmallerIsBetter` (p99 latency, ms), since one file feeds one tool.
 */
export function githubActionBenchmark(report: Report): { biggerIsBetter: GithubActionBenchmarkEntry[]; smallerIsBetter: GithubActionBenchmarkEntry[] } {
  const ok = report.cases.filter((result) => result.state === 'ok');
  return {
    biggerIsBetter: ok.map((result) => ({
      name: `${result.id} throughput`,
      unit: 'req/s',
      value: result.throughput.median,
      range: `${result.throughput.ciLow.toFixed(1)}-${result.throughput.ciHigh.toFixed(1)}`,
      extra: `efficiency ${result.efficiency.toFixed(3)}, ${result.makespanMs.n} iterations`,
    })),
    smallerIsBetter: ok.map((result) => ({
      name: `${result.id} p99 latency`,
      unit: 'ms',
      value: result.latencyMs.p99,
      extra: `p50 ${result.latencyMs.p50.toFixed(2)} ms`,
    })),
  };
}

/**
 * Bencher Metric Format: { benchmark: { measure: { value, lower_value, upper_value } } }. Throughput in
 * requests per second with its 95% interval; latency (Bencher's built-in measure) is the p99 in
 * nanoseconds.
 */
export function bencherMetricFormat(report: Report): Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>> {
  return Object.fromEntries(
    report.cases
      .filter((result) => result.state === 'ok')
      .map((result) => [
        result.id,
        {
          throughput: { value: result.throughput.median, lower_value: result.throughput.ciLow, upper_value: result.throughput.ciHigh },
          latency: { value: result.latencyMs.p99 * 1e6 },
        },
      ]),
  );
}
