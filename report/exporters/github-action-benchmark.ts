import type { Exporter } from '../exporter.ts';
import { writeJson } from '../results-folder.ts';
import type { Report } from '../schema.ts';

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

/** FILE for throughput and FILE-latency.json for p99 latency: one file feeds one of the action's tools. */
const latencyFile = (file: string) => file.replace(/(\.json)?$/, '-latency.json');

export const githubActionBenchmarkExporter: Exporter = {
  format: 'github-action-benchmark',
  summary: 'the action\'s custom tools: FILE for throughput (customBiggerIsBetter), FILE-latency.json for p99 latency (customSmallerIsBetter)',
  noun: 'the github-action-benchmark export',
  files: (file) => [file, latencyFile(file)],
  async write(report, file) {
    const { biggerIsBetter, smallerIsBetter } = githubActionBenchmark(report);
    await writeJson(file, biggerIsBetter);
    await writeJson(latencyFile(file), smallerIsBetter);
    return [file, latencyFile(file)];
  },
};
