import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ServiceTimes } from './service-times.ts';
import { InFlightTimeline, TIMELINE_BUCKET_MS } from './in-flight-timeline.ts';

/** What the target saw since the last reset. Control requests are never counted. */
export interface TargetSnapshot {
  received: number;
  /** TCP connections opened since the reset that carried at least one measured request. */
  connections: number;
  /** Measured requests that arrived on a connection that had already carried one: keep-alive at work. */
  reusedRequests: number;
  peakInFlight: number;
  inFlight: number;
  /** First to last arrival of a measured request, in milliseconds. */
  arrivalSpreadMs: number;
  /**
   * Latency the target really waited (measured, not configured), in milliseconds, and by how much it
   * overshot the latency it meant to apply, on average (timer granularity, a busy event loop).
   */
  appliedLatencyMs: { mean: number; max: number; meanOvershoot: number };
  /** Faults the target injected since the reset, by kind (http429: refused by the rate limit). */
  faults: Record<string, number>;
  /** Per-request records beyond the bounded store (counted, not kept). */
  unrecordedRequests: number;
  /** CPU time the target process spent since the reset (user + system), in milliseconds. */
  cpuMs: number;
  /** Time the target's event loop was busy since the reset, in milliseconds: near the makespan, arrivals queued inside it. */
  loopBusyMs: number;
  /** Requests in flight per bucket since the reset (only when asked for: it grows with time). */
  timeline?: { bucketMs: number; values: number[] };
}

const openedInEpoch = Symbol('fanout.openedInEpoch');
const usedInEpoch = Symbol('fanout.usedInEpoch');
type TrackedSocket = Socket & { [openedInEpoch]?: number; [usedInEpoch]?: number };

export class TargetStats {
  private epoch = 0;
  private received = 0;
  private connections = 0;
  private socketsUsed = 0;
  private inFlight = 0;
  private peakInFlight = 0;
  private firstArrivalMs = 0;
  private lastArrivalMs = 0;
  private appliedCount = 0;
  private appliedSumMs = 0;
  private appliedMaxMs = 0;
  private overshootSumMs = 0;
  private cpuAtReset = process.cpuUsage();
  private loopAtReset = performance.eventLoopUtilization();
  private faults: Record<string, number> = {};
  private readonly serviceTimes = new ServiceTimes();
  private readonly timeline = new InFlightTimeline();

  /** Called for every TCP connection the server accepts. */
  connectionOpened(socket: Socket): void {
    (socket as TrackedSocket)[openedInEpoch] = this.epoch;
  }

  /**
   * Called when a measured request arrives, at `nowMs` (performance.now(): the caller's one clock read
   * serves every record of the arrival); returns the arrival index since the reset.
   */
  requestArrived(socket: Socket, nowMs: number): number {
    const tracked = socket as TrackedSocket;
    // A connection counts once, on its first measured request, and as opened only if it was opened
    // after the reset: a keep-alive socket from before the reset is a reuse, not a new connection.
    if (tracked[usedInEpoch] !== this.epoch) {
      tracked[usedInEpoch] = this.epoch;
      this.socketsUsed += 1;
      if (tracked[openedInEpoch] === this.epoch) this.connections += 1;
    }
    if (this.received === 0) this.firstArrivalMs = nowMs;
    this.lastArrivalMs = nowMs;
    this.inFlight += 1;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    this.timeline.observe(this.inFlight, nowMs);
    return this.received++;
  }

  /** The target waited `ms`, meaning to wait `intendedMs`. */
  latencyApplied(ms: number, intendedMs: number): void {
    this.appliedCount += 1;
    this.appliedSumMs += ms;
    this.overshootSumMs += ms - intendedMs;
    if (ms > this.appliedMaxMs) this.appliedMaxMs = ms;
  }

  /** A request left at `nowMs` (its response was written out or its connection closed). */
  requestFinished(nowMs: number): void {
    this.inFlight -= 1;
    this.timeline.observe(this.inFlight, nowMs);
  }

  faultInjected(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  /** Request `index` was held `ms` from its arrival to the last byte of its response. */
  serviceTime(index: number, ms: number): void {
    this.serviceTimes.record(index, ms);
  }

  reset(): void {
    this.epoch += 1;
    this.received = 0;
    this.connections = 0;
    this.socketsUsed = 0;
    this.peakInFlight = this.inFlight;
    this.firstArrivalMs = 0;
    this.lastArrivalMs = 0;
    this.appliedCount = 0;
    this.appliedSumMs = 0;
    this.appliedMaxMs = 0;
    this.overshootSumMs = 0;
    this.cpuAtReset = process.cpuUsage();
    this.loopAtReset = performance.eventLoopUtilization();
    this.serviceTimes.clear();
    this.faults = {};
    this.timeline.reset(this.inFlight);
  }

  /** The service time of every request index since the reset, as float64 bytes (NaN: none). */
  serviceTimeBytes(): Buffer {
    return this.serviceTimes.toBytes();
  }

  snapshot(withTimeline = false): TargetSnapshot {
    const cpu = process.cpuUsage(this.cpuAtReset);
    return {
      received: this.received,
      connections: this.connections,
      reusedRequests: this.received - this.socketsUsed,
      peakInFlight: this.peakInFlight,
      inFlight: this.inFlight,
      arrivalSpreadMs: this.lastArrivalMs - this.firstArrivalMs,
      appliedLatencyMs: {
        mean: this.appliedCount === 0 ? 0 : this.appliedSumMs / this.appliedCount,
        max: this.appliedMaxMs,
        meanOvershoot: this.appliedCount === 0 ? 0 : this.overshootSumMs / this.appliedCount,
      },
      faults: { ...this.faults },
      unrecordedRequests: this.serviceTimes.dropped,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopBusyMs: performance.eventLoopUtilization(this.loopAtReset).active,
      ...(withTimeline ? { timeline: { bucketMs: TIMELINE_BUCKET_MS, values: this.timeline.values() } } : {}),
    };
  }
}
