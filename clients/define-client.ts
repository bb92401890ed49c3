import type { ClientDefinition, ClientSettings, HttpClient } from './http-client.ts';

/** What `create` is given: where the target is, and the settings every client honours (DESIGN.md, "Fair clients"). */
export interface ClientOptions extends ClientSettings {
  /** The target's origin, e.g. "http://127.0.0.1:3000". */
  baseUrl: string;
}

/** The client a user's `create` returns: the interface the built-in adapters implement. */
export interface UserClient {
  /**
   * Sends GET `path` to the target, reads the whole body as the user's code does, and checks that the
   * target echoed `expectedId` (verifyResponse does it: status, x-request-id header, body id).
   */
  send(path: string, expectedId: string): Promise<void>;
  /** Closes the client once its requests are done. */
  close(): Promise<void>;
  /** Closes it now, failing the requests in flight (a case cut off at its deadline); close() if absent. */
  destroy?(): Promise<void>;
}

export interface UserClientDefinition {
  /** Goes into case ids and --clients lists: letters, digits, ".", "_" and "-". */
  name: string;
  /** One line for `fanout list` and the report. */
  summary: string;
  /** The settings of the user's own code (an SDK's options), recorded in the report beside the case. */
  settings?: Record<string, unknown>;
  /** Builds a fresh client for one iteration; honour keepAlive, maxSockets, timeoutMs and ca as the built-in clients do. */
  create(options: ClientOptions): UserClient | Promise<UserClient>;
}

/**
 * A client written outside fanout (a wrapper around the user's SDK), measured beside the built-in ones
 * with the same settings and checks. Register it through a config's `customClients`.
 */
export function defineClient(definition: UserClientDefinition): ClientDefinition {
  const { name, summary, settings, create } = definition;
  return {
    name,
    summary,
    ...(settings === undefined ? {} : { settings }),
    async create(baseUrl, clientSettings): Promise<HttpClient> {
      const client = await create({ ...clientSettings, baseUrl });
      return {
        name,
        send: (path, expectedId) => client.send(path, expectedId),
        close: () => client.close(),
        destroy: () => (client.destroy ? client.destroy() : client.close()),
      };
    },
  };
}
