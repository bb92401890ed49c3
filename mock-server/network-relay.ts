import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The network a relay emulates between the clients and the target. */
export interface NetworkProfile {
  /** Round-trip time added to every exchange, ms (0: none). */
  rttMs: number;
  /** Cap per connection and direction, bytes per second (0: none). */
  bandwidthBytesPerSec: number;
}

export interface RelayOptions extends NetworkProfile {
  listenHost: string;
  /** 0 picks a free port. */
  listenPort: number;
  upstreamHost: string;
  upstreamPort: number;
  /**
   * The upstream server, when it runs in this process: the relay then keeps, for each of its own
   * connections to it, the address of the caller it accepted, until the server has closed that
   * connection, so that the server can judge a relayed caller by that address (callerOf).
   */
  upstreamServer?: Server;
}

export interface NetworkRelay {
  readonly port: number;
  /**
   * For a connection the upstream server accepted: the address of the caller the relay accepted it for
   * ('' when unknown), or undefined when the connection did not come through the relay. Needs
   * upstreamServer.
   */
  callerOf(socket: Socket): string | undefined;
  close(): Promise<void>;
}

// Past this many bytes waiting in one direction, the sender is paused until half of them went out.
const HIGH_WATER_BYTES = 1 << 20;
// How long before a delivery the relay stops sleeping on a timer and polls the event loop instead.
const SPIN_MS = 1;
// A side that was ended cleanly but never closed its own end is destroyed after this long.
const LINGER_MS = 2000;

/**
 * One direction of a connection: chunks leave in order, each RTT/2 after it arrived (after it finished
 * "serializing" at the bandwidth cap, if any), and not before `openAt`. The end of the stream is
 * delivered in order too, after the data before it.
 */
class DelayLine {
  private readonly queue: Array<{ at: number; chunk: Buffer | null }> = [];
  private queuedBytes = 0;
  private nextFreeAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private ended = false;

  private readonly from: Socket;
  private readonly to: Socket;
  private readonly profile: NetworkProfile;
  private readonly openAt: number;

  constructor(
    from: Socket,
    to: Socket,
    profile: NetworkProfile,
    openAt: number,
  ) {
    this.from = from;
    this.to = to;
    this.profile = profile;
    this.openAt = openAt;
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => this.push(null));
  }

  private push(chunk: Buffer | null): void {
    if (this.ended) return;
    if (chunk === null) this.ended = true;
    const now = performance.now();
    const bytes = chunk?.length ?? 0;
    const start = Math.max(now, this.openAt, this.nextFreeAt);
    const sent = this.profile.bandwidthBytesPerSec > 0 ? start + (bytes * 1000) / this.profile.bandwidthBytesPerSec : start;
    this.nextFreeAt = sent;
    this.queue.push({ at: sent + this.profile.rttMs / 2, chunk });
    this.queuedBytes += bytes;
    if (this.queuedBytes > HIGH_WATER_BYTES) this.from.pause();
    if (!this.timer && !this.immediate) this.schedule();
  }

  private schedule(): void {
    const head = this.queue[0];
    if (!head) return;
    // Node's timers have millisecond granularity and fire up to a millisecond or two late, which would
    // add that to every crossing; so the timer wakes early and the last stretch is polled with
    // setImmediate (at most ~SPIN_MS of event-loop turns per delivery). Never delivers early.
    const remaining = head.at - performance.now();
    if (remaining > SPIN_MS) this.timer = setTimeout(() => this.flush(), remaining - SPIN_MS);
    else this.immediate = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.timer = undefined;
    this.immediate = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { chunk } = this.queue.shift()!;
      if (this.to.destroyed) return;
      if (chunk === null) {
        this.to.end();
        setTimeout(() => this.to.destroy(), LINGER_MS).unref();
      } else {
        this.queuedBytes -= chunk.length;
        this.to.write(chunk);
      }
    }
    if (this.from.isPaused() && this.queuedBytes < HIGH_WATER_BYTES / 2) this.from.resume();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.queue.length = 0;
  }
}

/**
 * A TCP relay in front of the target that makes loopback behave like a network with a round-trip time,
 * as toxiproxy's latency toxic does: every chunk is held RTT/2 in each direction, order kept per
 * direction. A new connection is also charged the TCP handshake a real network would cost: the client's
 * first bytes go through one RTT after it connected. A TLS handshake in front of the target then pays
 * its own round trips chunk by chunk. Hand-written because toxiproxy is a separate Go service, and the
 * model here (setup charge, per-connection pacing) is a few lines over node:net.
 */
export async function startNetworkRelay(options: RelayOptions): Promise<NetworkRelay> {
  const open = new Set<Socket>();
  // The caller behind each of the relay's connections to the upstream server, by that connection's local
  // address and port (the server sees them as its remote ones). Set when the connection is made, before
  // the relay writes a byte on it (a write waits for 'connect' and is queued behind this listener), so
  // no request reaches the server before its caller is known; deleted once the server closed its end,
  // so no request it still reads finds its caller gone. Per connection only, never per request.
  const callers = new Map<string, string>();
  const tracked = options.upstreamServer;
  const onUpstreamConnection = (socket: Socket) => {
    const key = endpointKey(socket.remoteAddress, socket.remotePort);
    socket.once('close', () => callers.delete(key));
  };
  tracked?.on('connection', onUpstreamConnection);
  const server: Server = createServer({ noDelay: true }, (client) => {
    const acceptedAt = performance.now();
    const caller = client.remoteAddress ?? '';
    const upstream = connect({ host: options.upstreamHost, port: options.upstreamPort, noDelay: true });
    if (tracked) upstream.once('connect', () => callers.set(endpointKey(upstream.localAddress, upstream.localPort), caller));
    open.add(client).add(upstream);
    const lines = [
      new DelayLine(client, upstream, options, acceptedAt + options.rttMs),
      new DelayLine(upstream, client, options, acceptedAt),
    ];
    // A reset or error on either side resets the other at once; a clean close lets the data still in
    // flight arrive first (the end travels through the delay line behind it).
    const teardown = (hadError: boolean) => {
      if (!hadError) return;
      for (const line of lines) line.stop();
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', () => teardown(true));
      socket.on('close', (hadError) => {
        open.delete(socket);
        teardown(hadError);
        // Once both are gone nothing may stay queued or timed.
        if (client.destroyed && upstream.destroyed) for (const line of lines) line.stop();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.listenHost, port: options.listenPort, backlog: 65535 }, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    callerOf: (socket) => (callers.size === 0 ? undefined : callers.get(endpointKey(socket.remoteAddress, socket.remotePort))),
    close: () =>
      new Promise<void>((resolve) => {
        tracked?.removeListener('connection', onUpstreamConnection);
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One end of a connection, the same whichever side names it (an IPv4 address mapped into IPv6 as IPv4). */
function endpointKey(address: string | undefined, port: number | undefined): string {
  return `${address?.startsWith('::ffff:') ? address.slice(7) : address} ${port}`;
}
