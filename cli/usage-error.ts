import { inspect } from 'node:util';

/**
 * A message on one line whatever the values it quotes hold: a line break or another control character
 * is shown escaped as JSON writes it (a newline as \n), never cut or printed raw.
 */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) =>
    char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Bad input from the user: printed as one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super(oneLine(message), options);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Where a command writes and what it reads from its environment: the process's own, or a caller's (tests). */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** The process's own stdout, stderr and environment. */
export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * Runs a CLI main function and maps what it throws to the documented exit codes, which it returns; the
 * one-line errors go to `io.stderr`. It never touches process.exitCode, so a caller in-process (a test)
 * keeps its own.
 */
export async function exitCodeOf(prog: string, main: () => Promise<number>, io: CliIo = processIo()): Promise<number> {
  try {
    return await main();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${prog}: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${prog}: unexpected error: ${oneLine(message)}\n`);
    if (io.env.FANOUT_DEBUG) io.stderr.write(`${inspect(error)}\n`);
    return EXIT_FAILED;
  }
}

/** Runs a CLI main function as the process's command: its exit code becomes the process's. */
export async function runCli(prog: string, main: () => Promise<number>): Promise<void> {
  process.exitCode = await exitCodeOf(prog, main);
}
