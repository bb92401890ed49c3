import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript file with tsx from the repository's root, and collects what it printed. */
export function runTsx(file: string, args: string[] = [], timeoutMs = 60_000): CliResult {
  const result = spawnSync(TSX, [file, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs one of the project's scripts the way `npm run` does, and collects what it printed. */
export function runScript(script: string, args: string[], timeoutMs = 60_000): CliResult {
  return runTsx(`${ROOT}scripts/${script}`, args, timeoutMs);
}
