import type { MeasureSettings } from './case-spec.ts';
import type { TransferredCaseSpec, TransferredMeasurement } from './case-transfer.ts';
import type { ReportedCounts } from './live-counts.ts';

/** The environment variable that hands a client process its target (JSON of a TargetAddress). */
export const CLIENT_PROCESS_TARGET_ENV = 'FANOUT_CLIENT_PROCESS_TARGET';

/** The harness to a client process: run one case. It is interrupted by a SIGINT, as a run is. */
export interface RunCaseMessage {
  type: 'run';
  spec: TransferredCaseSpec;
  /** Config modules to load first, which register the case's user strategy or client (user-modules.ts). */
  modules: string[];
  settings: Omit<MeasureSettings, 'signal'>;
}

/** A client process to the harness: ready once it has loaded, then progress while a case runs, then its measurement, or why it has none. */
export type FromClientProcess =
  | { type: 'ready' }
  | ({ type: 'progress' } & ReportedCounts)
  | { type: 'measured'; measurement: TransferredMeasurement }
  | { type: 'failed'; message: string };

/** How often a client process running a case reports its counts: a message every 200 ms costs it nothing. */
export const CLIENT_PROCESS_PROGRESS_MS = 200;
