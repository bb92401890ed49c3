import type { ClientDefinition } from '../clients/http-client.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import type { Strategy } from '../strategies/strategy.ts';
import type { Preparation } from './preparation.ts';
import type { RequestPolicy } from './retry-policy.ts';

/** One (strategy, client, concurrency) combination, ready to run. */
export interface CaseSpec {
  id: string;
  strategy: Strategy;
  client: ClientDefinition;
  requests: number;
  /** The concurrency the strategy really runs at (1 for sequential, N for promise-all). */
  concurrency: number;
  /** Worker threads for threaded strategies, 1 otherwise. */
  threads: number;
  /** Requests per second for open-workload strategies. */
  rate: number;
  preparation: Preparation;
  /** Timeout and retries of every request. */
  policy: RequestPolicy;
}

/** How every case of a run is measured, and the target it runs against. */
export interface MeasureSettings {
  iterations: number;
  warmup: number;
  /** A case still running after this long is cut off and recorded as aborted. */
  deadlineMs: number;
  target: TargetOptions;
  /** Aborts the run (Ctrl-C): the case in progress is cut off like at its deadline. */
  signal?: AbortSignal;
}

export function caseId(strategy: string, client: string, concurrency: number, requests: number): string {
  return `${strategy}/${client}/c${concurrency}/n${requests}`;
}
