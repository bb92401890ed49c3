import type { TargetOptions } from './app.ts';

/**
 * What the harness hands its target child, as JSON in the environment variable TARGET_HAND_OFF_ENV: the
 * settings it has checked already, so the child parses no command line (scripts/mock-server.ts).
 */
export interface TargetHandOff extends TargetOptions {
  host: string;
  port: number;
  allowRemote: boolean;
  controlToken?: string;
}

export const TARGET_HAND_OFF_ENV = 'FANOUT_TARGET_HAND_OFF';
