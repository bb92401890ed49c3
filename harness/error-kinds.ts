import { HttpStatusError } from '../clients/http-client.ts';

export const ERROR_KINDS = ['timeout', 'reset', 'http5xx', 'http429', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** Sorts a failed request into the kinds the report counts, looking through `cause` chains. */
export function classifyError(error: unknown): ErrorKind {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof HttpStatusError) {
      if (current.status === 429) return 'http429';
      return current.status >= 500 ? 'http5xx' : 'other';
    }
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError' || TIMEOUT_CODES.has(String(code))) return 'timeout';
    if (RESET_CODES.has(String(code))) return 'reset';
    current = (current as { cause?: unknown }).cause;
  }
  return 'other';
}

export function emptyErrorCounts(): Record<ErrorKind, number> {
  return { timeout: 0, reset: 0, http5xx: 0, http429: 0, other: 0 };
}
