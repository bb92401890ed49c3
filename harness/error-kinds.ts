import { HttpStatusError } from '../clients/http-client.ts';

/**
 * What a failed request is counted as. `cancelled`: the harness cut it off (the case's deadline or
 * Ctrl-C), so it says nothing about the client or the target. No error says that: the recorder counts
 * a failure as `cancelled` from its own state once the case is cut off (RequestRecorder.cancelled), so
 * classifyError never returns it.
 */
export const ERROR_KINDS = ['timeout', 'reset', 'http5xx', 'http429', 'malformed', 'cancelled', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR',
  'ERR_CANCELED',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_CLOSED']);
/** What clients say when a connection closes under a response (axios has no code for it). */
const RESET_MESSAGES = new Set(['socket hang up', 'other side closed', 'stream has been aborted', 'aborted']);
/** A response that arrived but is not what HTTP or JSON allows. */
const MALFORMED_CODES = new Set(['ERR_BODY_PARSE_FAILURE', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'HPE_INVALID_CONSTANT']);

/** Sorts a failed request into the kinds the report counts, looking through `cause` chains. */
export function classifyError(error: unknown): ErrorKind {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof HttpStatusError) {
      if (current.status === 429) return 'http429';
      return current.status >= 500 ? 'http5xx' : 'other';
    }
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError' || TIMEOUT_CODES.has(String(code))) return 'timeout';
    if (RESET_CODES.has(String(code)) || RESET_MESSAGES.has(String(message))) return 'reset';
    if (name === 'SyntaxError' || MALFORMED_CODES.has(String(code)) || String(code).startsWith('HPE_')) return 'malformed';
    current = (current as { cause?: unknown }).cause;
  }
  return 'other';
}

export function emptyErrorCounts(): Record<ErrorKind, number> {
  return { timeout: 0, reset: 0, http5xx: 0, http429: 0, malformed: 0, cancelled: 0, other: 0 };
}

/** One-line causes and hints for the errors that mean the machine ran out of something. */
const RESOURCE_HINTS: Record<string, string> = {
  EMFILE: 'too many open files: raise the limit (ulimit -n) or use keep-alive / a lower concurrency',
  ENFILE: 'the system ran out of file descriptors: lower the concurrency or use keep-alive',
  EADDRNOTAVAIL: 'no free local port (ephemeral ports exhausted or in TIME_WAIT): use keep-alive, or fewer new connections',
  ECONNREFUSED: 'the target refused the connection: is it running and listening, is its accept queue full?',
  EADDRINUSE: 'the address is already in use',
};

/** The hint for a failure caused by a machine limit, if it is one. */
export function resourceHint(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = String((current as { code?: unknown }).code);
    if (RESOURCE_HINTS[code]) return `${code}: ${RESOURCE_HINTS[code]}`;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
