/** The longest padding made so far; every body takes a slice of it instead of repeating 'x' again. */
let padding = '';

/**
 * The JSON body of a response: `{"id":...,"latencyMs":...,"data":"xxx..."}`, padded with `data` so the
 * whole body is `bytes` long (or as short as the id and latency allow when `bytes` is smaller). Written
 * out by hand, byte for byte what JSON.stringify gives, because it runs for every request.
 */
export function makeBody(id: string, latencyMs: number, bytes: number): string {
  const head = `{"id":${JSON.stringify(id)},"latencyMs":${latencyMs},"data":"`;
  const pad = Math.max(0, bytes - head.length - 2);
  if (padding.length < pad) padding = 'x'.repeat(pad);
  return `${head}${padding.slice(0, pad)}"}`;
}

/** How the body goes out: all at once with a content-length, chunked, and/or dribbled over time. */
export interface BodyDelivery {
  /** Transfer-Encoding: chunked instead of a content-length. */
  chunked: boolean;
  /** Spread the body over this many milliseconds (a slow body), 0 for at once. */
  slowBodyMs: number;
}

/** Whether the body goes out at once, with a content-length: no delivery asked, or neither chunked nor slow. */
export function atOnce(delivery: BodyDelivery | undefined): boolean {
  return !delivery || (!delivery.chunked && delivery.slowBodyMs === 0);
}

/** Pieces a slow body is cut into, one every slowBodyMs / pieces. */
const SLOW_BODY_PIECES = 10;

/**
 * The body as a stream of pieces, for a chunked or slow delivery: Fastify sends a stream chunked, unless
 * the caller sets a content-length. A slow body waits between pieces, so the last byte leaves
 * `slowBodyMs` after the first.
 */
export async function* bodyPieces(body: string, delivery: BodyDelivery): AsyncGenerator<string> {
  const pieces = delivery.slowBodyMs > 0 ? SLOW_BODY_PIECES : 2;
  const size = Math.ceil(body.length / pieces);
  for (let offset = 0; offset < body.length; offset += size) {
    if (offset > 0 && delivery.slowBodyMs > 0) await new Promise((resolve) => setTimeout(resolve, delivery.slowBodyMs / (pieces - 1)));
    yield body.slice(offset, offset + size);
  }
}
