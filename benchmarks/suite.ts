import type { RunSettings } from '../cli/options/run.ts';
import type { TargetSettings } from '../cli/options/target.ts';

/** Strategies x clients: one block of a suite's cases. */
export interface CaseGroup {
  strategies: string[];
  clients: string[];
  /**
   * Requests per iteration scale with concurrency: each case of this group sends
   * max(minRequests, requestsPerConcurrency x C) requests, C being the concurrency the case asks for,
   * instead of the suite's `requests`. Every strategy of such a group runs once per concurrency, also
   * one that ignores C (promise-all with factor 1 is then N = C). An explicit `--requests` turns the
   * scaling off: every case sends that many (see applyOverrides in harness/plan.ts).
   */
  requestsPerConcurrency?: number;
  /** The floor of the scaled request count (default 1), so a tiny C still sends a few requests. */
  minRequests?: number;
}

/**
 * A suite: which cases to run, the settings of their run and the target they run against. Plain data;
 * see benchmarks/*.ts. The settings are declared once, with their defaults, in cli/options/ (run.ts and
 * target.ts): they are npm run bench's flags in camelCase, and the report's config holds them as they are.
 */
export interface Suite extends RunSettings {
  name: string;
  summary: string;
  /** The cases: every group's strategies x clients x (for strategies that use it) each concurrency. */
  groups: CaseGroup[];
  target: TargetSettings;
  /** Also run the bare hand-written loop and report the harness/bare throughput ratio (suite overhead). */
  calibrate: boolean;
}

/** Every strategy and every client a suite names, in order of first appearance. */
export function suiteStrategies(suite: Suite): string[] {
  return [...new Set(suite.groups.flatMap((group) => group.strategies))];
}

export function suiteClients(suite: Suite): string[] {
  return [...new Set(suite.groups.flatMap((group) => group.clients))];
}
