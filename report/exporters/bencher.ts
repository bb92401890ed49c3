import type { Exporter } from '../exporter.ts';
import { jsonText } from '../results-folder.ts';
import type { Report } from '../schema.ts';

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

export const bencherExporter: Exporter = {
  format: 'bencher',
  summary: 'the Bencher Metric Format: throughput with its 95% interval, latency as p99 in nanoseconds',
  noun: 'the bencher export',
  render: (report) => jsonText(bencherMetricFormat(report)),
};
