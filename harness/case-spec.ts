import type { ClientDefinition } from '../clients/http-client.ts';
import type { TargetOptions } from '../mock-server/app.ts';
import type { Strategy } from '../strategies/strategy.ts';
import type { Preparation } from './preparation.ts';

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
}

/** How every case of a run is measured, and the target it runs against. */
export interface MeasureSettings {
  iterations: number;
  warmup: number;
  timeoutMs: number;
  target: TargetOptions;
}

export function caseId(strategy: string, client: string, concurrency: number, requests: number): string {
  return `${strategy}/${client}/c${concurrency}/n${requests}`;
}
