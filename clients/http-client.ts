/** Settings every client adapter honours the same way (DESIGN.md, "Fair clients"). */
export interface ClientSettings {
  /** Reuse connections between requests (false: a new TCP connection for every request). */
  keepAlive: boolean;
  /** Most sockets open to the target at once; Infinity for no cap. */
  maxSockets: number;
  /**
   * Per-request timeout in milliseconds, through the library's own mechanism, as its users set it:
   * undici's (and fetch's dispatcher's) headersTimeout/bodyTimeout, node:http's and axios's socket
   * timeout, got's timeout.request. The harness adds no signal or timer per request.
   */
  timeoutMs: number;
  /** PEM certificate to trust for an https target, explicitly, for this client only. */
  ca?: string;
}

/**
 * One HTTP library behind one interface. `send` asks the target for `path`, reads and parses the whole
 * body the way that library's users do, and checks that the target echoed `expectedId`.
 */
export interface HttpClient {
  readonly name: string;
  send(path: string, expectedId: string): Promise<void>;
  /** Closes the client once its requests are done. */
  close(): Promise<void>;
  /**
   * Closes the client now: requests in flight or queued for a connection fail at once. This is how a
   * case is cut off at its deadline, so no request needs a signal of its own.
   */
  destroy(): Promise<void>;
}

/** Builds a client; async, so an adapter can load its library only when a case uses it. */
export type ClientFactory = (baseUrl: string, settings: ClientSettings) => Promise<HttpClient>;

export interface ClientDefinition {
  name: string;
  summary: string;
  /**
   * The npm package this adapter runs on, whose version the report records under meta.versions (read
   * from node_modules); none for an adapter on Node's own modules (node:http), whose version is the
   * report's `node`.
   */
  package?: string;
  /**
   * A library bundled with Node that this adapter runs on (a process.versions key), recorded as
   * "<bundled> (bundled with node, under <name>)": fetch's undici is Node's, not the package's.
   */
  bundled?: string;
  /** Builds this client for one case (see ClientFactory). */
  create: ClientFactory;
  /** A user's client (defineClient): the settings of their own code, recorded in the report. */
  settings?: Record<string, unknown>;
}

/** The target answered with a non-2xx status (and, for 429 or 503, maybe when to come back). */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly retryAfterSeconds?: number;

  constructor(
    status: number,
    retryAfterSeconds?: number,
  ) {
    super(`target answered HTTP ${status}`);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'HttpStatusError';
  }
}

/** The target answered, but with another request's id: the harness must never count that as ok. */
export class EchoMismatchError extends Error {
  constructor(expected: string, header: unknown, body: unknown) {
    super(`echoed id mismatch: sent ${expected}, header ${String(header)}, body ${String(body)}`);
    this.name = 'EchoMismatchError';
  }
}

/** Retry-After in seconds, when a header value holds a whole number of them. */
function retryAfterOf(header: unknown): number | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && header !== null && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Checks status and both echoes of a response; throws the error the harness classifies. */
export function verifyResponse(status: number, expectedId: string, headerId: unknown, body: unknown, retryAfter?: unknown): void {
  if (status < 200 || status >= 300) throw new HttpStatusError(status, retryAfterOf(retryAfter));
  const bodyId = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  if (headerId !== expectedId || bodyId !== expectedId) throw new EchoMismatchError(expectedId, headerId, bodyId);
}
