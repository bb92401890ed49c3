import { uniformAt } from '../mock-server/seeded-random.ts';
import { HttpStatusError } from '../clients/http-client.ts';
import type { ErrorKind } from './error-kinds.ts';

/** How the harness treats one request: its timeout and how often, and after how long, it retries. */
export interface RequestPolicy {
  /** Abort a request attempt after this many milliseconds. */
  timeoutMs: number;
  /** Attempts after the first, for failures worth retrying. */
  retries: number;
  /** Exponential backoff: base x 2^attempt, capped, with full jitter (AWS's "full jitter"). */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Seeds the jitter, so a run can be repeated. */
  seed: number;
}

/** Failures a client would retry: the server or the network said "not now", not "never". */
export const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['timeout', 'reset', 'http5xx', 'http429', 'malformed']);

/** The longest Retry-After the harness honours, so a bad header cannot stall a case. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Milliseconds to wait before retry number `attempt + 1` of request `index`: the server's Retry-After
 * when it sent one (429, 503), else a full-jitter exponential backoff drawn from the seed.
 */
export function retryDelayMs(policy: RequestPolicy, index: number, attempt: number, error: unknown): number {
  const retryAfter = error instanceof HttpStatusError ? error.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** attempt);
  return ceiling * uniformAt(policy.seed, index, 300 + attempt);
}
