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

/** Runs a CLI main function and maps what it throws to the documented exit codes. */
export async function runCli(prog: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${prog}: ${oneLine(error.message)}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${prog}: unexpected error: ${oneLine(message)}\n`);
      if (process.env.FANOUT_DEBUG) console.error(error);
      process.exitCode = EXIT_FAILED;
    }
  }
}
