import { summarize } from './statistics.ts';
import { throughputSummary } from './throughput.ts';
import type { CaseReport, Report } from './schema.ts';

/**
 * Several reports of the same suite (rounds run by separate processes, as --interleave does) as one: each
 * case's per-iteration samples are joined in run order and its summaries recomputed from them; counts
 * add up; everything else is taken from the first report.
 */
export function mergeReports(reports: Report[]): Report {
  const [first, ...rest] = reports;
  if (!first) throw new Error('no report to merge');
  const merged: Report = structuredClone(first);
  for (const result of merged.cases) {
    for (const other of rest) {
      const same = other.cases.find((candidate) => candidate.id === result.id);
      if (same) joinCase(result, same);
    }
    const seed = merged.config.seed;
    result.makespanMs = summarize(result.makespanMs.samples, seed);
    result.idealMs = summarize(result.idealMs.samples, seed);
    result.throughput = throughputSummary(result.requests, result.makespanMs.samples, seed);
  }
  merged.config.rounds = reports.reduce((sum, report) => sum + report.config.rounds, 0);
  return merged;
}

function joinCase(into: CaseReport, from: CaseReport): void {
  into.makespanMs.samples.push(...from.makespanMs.samples);
  into.idealMs.samples.push(...from.idealMs.samples);
  into.latencyMs.p99Samples.push(...from.latencyMs.p99Samples);
  into.iterations += from.iterations;
  into.counts.sent += from.counts.sent;
  into.counts.ok += from.counts.ok;
  into.counts.failed += from.counts.failed;
  into.counts.attempts += from.counts.attempts;
  into.counts.lateStarts += from.counts.lateStarts;
  into.target.perIteration.push(...from.target.perIteration);
  into.problems.push(...from.problems);
  if (from.state !== 'ok' && into.state === 'ok') into.state = from.state;
}
