/** What the target, the harness and the clients agree on: paths, the echo header, the ready message. */
export const REQUEST_PATH = '/req';
export const CONTROL_STATS_PATH = '/__fanout/stats';
export const CONTROL_RESET_PATH = '/__fanout/reset';
/** How long the target held each request index since the reset, ms: float64s in machine order, NaN for none. */
export const CONTROL_SERVICE_TIMES_PATH = '/__fanout/service-times';
export const REQUEST_ID_HEADER = 'x-request-id';
/** The header a caller off the target's machine sends its control token in (mock-server --control-token). */
export const CONTROL_TOKEN_HEADER = 'x-fanout-control-token';

/** Sent over IPC by a target started as a child process, once it listens. */
export interface TargetReady {
  type: 'listening';
  /** Where load goes: the network relay when one is emulated, else the server itself. */
  port: number;
  host: string;
  /** The server itself, for the control routes: they must never pay the emulated network. */
  controlPort: number;
  /** PEM certificate the target serves when it speaks HTTPS; clients trust exactly this one. */
  certificate?: string;
}

