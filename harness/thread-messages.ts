import type { ClientSettings } from '../clients/http-client.ts';
import type { ThreadShare } from '../strategies/strategy.ts';
import type { Preparation } from './preparation.ts';
import type { RecordedCounts } from './request-recorder.ts';
import type { RequestPolicy } from './retry-policy.ts';

/** What a worker thread is started with. */
export interface ThreadSetup {
  client: string;
  /** Config modules to load first, which register a user strategy or client (user-modules.ts). */
  modules: string[];
  baseUrl: string;
  settings: ClientSettings;
  preparation: Preparation;
  policy: RequestPolicy;
}

/** Main thread to worker: open a fresh client, run a share with it, close it. */
export type ToThread =
  | { type: 'open' }
  | { type: 'run'; share: ThreadShare; idPrefix: string }
  | { type: 'close' };

/** Worker to main thread: one answer per message, in order. */
export type FromThread =
  | { type: 'opened' }
  | { type: 'ran'; counts: RecordedCounts }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

/**
 * Worker to main thread while it runs a share, besides the answers: the requests of that share finished
 * so far, for the live progress display. Posted every THREAD_PROGRESS_MS from a timer, never per request.
 */
export interface ThreadProgress {
  type: 'progress';
  completed: number;
  failed: number;
}

/** How often a thread running a share reports its counts: a message every 200 ms costs it nothing. */
export const THREAD_PROGRESS_MS = 200;
