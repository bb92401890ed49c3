/** Paths the target serves; shared by the target, the harness and the clients. */
export const REQUEST_PATH = '/req';
export const CONTROL_STATS_PATH = '/__fanout/stats';
export const CONTROL_RESET_PATH = '/__fanout/reset';
export const REQUEST_ID_HEADER = 'x-request-id';
