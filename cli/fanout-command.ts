import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../harness/module-path.ts';
import { UsageError } from './usage-error.ts';

/** The fanout command's subcommands: each takes the flags of its npm script (`npm run bench -- ...`). */
export const COMMANDS = {
  bench: 'run a suite: the table, the summary and the report (fanout bench --help)',
  compare: 'compare two reports and fail on a regression, the CI gate (fanout compare --help)',
  chart: "draw a report's charts as SVG, PNG and Vega-Lite spec (fanout chart --help)",
  'mock-server': 'run the mock target on its own (fanout mock-server --help)',
  list: 'list the strategies (with those a --config adds), the clients and the suites',
} as const;

export type CommandName = keyof typeof COMMANDS;

const version = (): string => (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function fanoutHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`);
  return [
    'Usage: fanout <command> [options]',
    '',
    'Measures the ways of sending many HTTP requests against a local mock target.',
    '',
    'Commands:',
    ...lines,
    '',
    'fanout --help prints this; fanout --version prints the version.',
    '',
  ].join('\n');
}

/**
 * What `fanout <command> ...` runs: the command and its arguments, or the help or version it asked for.
 * Only the command's own modules are loaded then (scripts/fanout.ts), so bench's measured process holds
 * no server or chart code.
 */
export function parseFanoutCommand(argv: string[]): { command: CommandName; args: string[] } | { print: string } {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`name a command: ${Object.keys(COMMANDS).join(', ')} (fanout --help)`);
  if (first === '--help' || first === '-h' || first === 'help') return { print: fanoutHelp() };
  if (first === '--version' || first === '-v') return { print: `${version()}\n` };
  if (!(first in COMMANDS)) throw new UsageError(`unknown command ${JSON.stringify(first)}: the commands are ${Object.keys(COMMANDS).join(', ')} (fanout --help)`);
  return { command: first as CommandName, args: rest };
}
