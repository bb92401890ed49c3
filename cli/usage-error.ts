/** Bad input from the user: printed as one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Runs a CLI main function and maps what it throws to the documented exit codes. */
export async function runCli(prog: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${prog}: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${prog}: unexpected error: ${message}\n`);
      if (process.env.FANOUT_DEBUG) console.error(error);
      process.exitCode = EXIT_FAILED;
    }
  }
}
