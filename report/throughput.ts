import { summarize } from './statistics.ts';

/** Requests per second of each iteration, from its makespan in milliseconds. */
export function throughputSamples(requests: number, makespansMs: readonly number[]): number[] {
  return makespansMs.map((ms) => (requests / ms) * 1000);
}

/** The median throughput over the iterations, with its bootstrap 95% interval. */
export function throughputSummary(requests: number, makespansMs: readonly number[], seed: number): { median: number; ciLow: number; ciHigh: number } {
  const { median, ciLow, ciHigh } = summarize(throughputSamples(requests, makespansMs), seed);
  return { median, ciLow, ciHigh };
}
