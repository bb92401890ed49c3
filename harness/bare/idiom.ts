/**
 * A client's bare loop: N GETs of /req?id=<prefix>-<i> through p-limit(C), written the way that
 * client's README writes a request, each response's body parsed and its echoed id checked (the work
 * every adapter does), and nothing else: no signal, no timer, no recorder. The overhead suite runs it
 * beside the harness's limited-pool for the same client, so what separates the two is the harness.
 */
export interface BareTarget {
  url: string;
  /** PEM certificate of an https target, trusted explicitly as the adapters do. */
  ca?: string;
}

/** The clients that have a bare loop; a list without their libraries, for a process that only asks. */
export const BARE_CLIENTS = ['undici', 'fetch', 'http', 'axios', 'got'] as const;
export type BareClient = (typeof BARE_CLIENTS)[number];

export type BareIdiom = (target: BareTarget, requests: number, concurrency: number, idPrefix: string) => Promise<void>;

/** The path a bare loop asks for, the same one the recorder builds. */
export const barePath = (id: string, index: number) => `/req?id=${id}&n=${index}`;

export function checkEcho(body: unknown, id: string): void {
  if ((body as { id?: unknown }).id !== id) throw new Error(`bare loop: sent ${id}, the target echoed ${(body as { id?: unknown }).id}`);
}
