import type { CliIo } from './usage-error.ts';

/** A command's main: its arguments and where it writes, to its exit code. */
export type CommandMain = (argv: string[], io?: CliIo) => Promise<number>;

/**
 * Each command's main, loaded only when asked for, so a process holds the modules of the one command it
 * runs (bench's measured process no server or chart code): the fanout command and the tests' in-process
 * runs (test/cli-helpers.ts) both take them from here.
 */
export const COMMAND_MAINS: Record<'bench' | 'compare' | 'chart' | 'mock-server', () => Promise<CommandMain>> = {
  bench: async () => (await import('./bench-main.ts')).benchMain,
  compare: async () => (await import('./compare-main.ts')).compareMain,
  chart: async () => (await import('./chart-main.ts')).chartMain,
  'mock-server': async () => (await import('./mock-server-main.ts')).mockServerMain,
};
