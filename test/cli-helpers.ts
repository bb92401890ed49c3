import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's scripts the way `npm run` does, and collects what it printed. */
export function runScript(script: string, args: string[], timeoutMs = 60_000): CliResult {
  const result = spawnSync(TSX, [`${ROOT}scripts/${script}`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
