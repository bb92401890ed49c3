import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { COMMAND_MAINS } from '../cli/command-mains.ts';
import { exitCodeOf, type CliIo } from '../cli/usage-error.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

/** The checkout, whether the tests run from test/ (tsx) or from their build in dist/test/ (npm test). */
export const ROOT = PACKAGE_ROOT;
export const TSX = `${ROOT}node_modules/.bin/tsx`;

/**
 * How a test starts one of the project's modules (`../scripts/bench.ts`, from test/): from the build on
 * plain Node when the tests run from dist/ (npm test builds first), as npm run starts it; with tsx on the
 * sources otherwise.
 */
export function moduleCommand(fromTest: string): [string, string] {
  const built = import.meta.url.endsWith('.js');
  const path = fileURLToPath(new URL(built ? fromTest.replace(/\.ts$/, '.js') : fromTest, import.meta.url));
  return built ? [process.execPath, path] : [TSX, path];
}

/** One of the project's scripts (`bench.ts`, ...), started as moduleCommand says. */
export const scriptCommand = (script: string) => moduleCommand(`../scripts/${script}`);

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
export function runScript(script: string, args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): CliResult {
  const [command, path] = scriptCommand(script);
  const result = spawnSync(command, [path, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a command's main in this process the way its script does (the same runCli mapping of errors to
 * one line and an exit code), with stdout and stderr captured and `env` as its environment: what
 * runScript returns, without the ~2 s of starting tsx. For calls that end: bad input, --help, --list,
 * compare, chart, a short bench run. No signal handler or parent watch is installed (those are the
 * process's, scripts/bench.ts) and process.exitCode is left alone; a mock-server that starts listening
 * stays up, so that one runs as a process (runScript). FANOUT_RESULTS_DIR is read when report/ loads:
 * a test that sets it runs bench as a process too.
 */
export async function runInProcess(command: keyof typeof COMMAND_MAINS, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const main = await COMMAND_MAINS[command]();
  const captured = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (captured.stdout += text) },
    stderr: { write: (text: string) => (captured.stderr += text) },
    env,
  };
  // Whatever writes past the io to this process's console or stderr (a library's own warning, a stray
  // console.log) is what the process would have printed too: it is captured, not lost to the runner's
  // output. (Not process.stdout: the test runner reports over it.)
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, write: process.stderr.write };
  const toStdout = (...values: unknown[]) => void (captured.stdout += `${format(...values)}\n`);
  const toStderr = (...values: unknown[]) => void (captured.stderr += `${format(...values)}\n`);
  Object.assign(console, { log: toStdout, info: toStdout, warn: toStderr, error: toStderr });
  process.stderr.write = ((chunk: string | Uint8Array) => ((captured.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await exitCodeOf(command, () => main([...args], io), io);
    return { status, ...captured };
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error });
    process.stderr.write = saved.write;
  }
}

export const SCRIPT = '/usr/bin/script';

export interface TerminalResult {
  status: number | null;
  /** What the script wrote to the terminal: its stderr (stdout goes to a file), with the pty's \r\n. */
  terminal: string;
  stdout: string;
}

const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** The `script` call that runs one of the project's scripts on a pty, its stdout into `stdoutFile`. */
function terminalCommand(script: string, args: string[], stdoutFile: string, columns: number, env: NodeJS.ProcessEnv) {
  // stty sets the pty's size (script gives it none without a terminal of its own); Node reads it from there.
  const command = `stty cols ${columns} rows 40 && exec ${[...scriptCommand(script), ...args].map(quoted).join(' ')} > ${quoted(stdoutFile)}`;
  const { CI: _ci, ...inherited } = process.env;
  return {
    args: ['-qfec', command, '/dev/null'],
    options: { cwd: ROOT, env: { ...inherited, COLUMNS: String(columns), LINES: '40', ...env } },
  };
}

interface TerminalOptions {
  env?: NodeJS.ProcessEnv;
  columns?: number;
  timeoutMs?: number;
}

/**
 * Runs one of the project's scripts with its stderr on a pseudo-terminal of `columns` x 40 (util-linux
 * `script`), its stdout redirected to a file, and CI unset unless `env` sets it.
 */
export function runScriptInTerminal(script: string, args: string[], { env = {}, columns = 160, timeoutMs = 60_000 }: TerminalOptions = {}): TerminalResult {
  const stdoutFile = join(mkdtempSync(join(tmpdir(), 'fanout-tty-')), 'stdout.txt');
  const { args: scriptArgs, options } = terminalCommand(script, args, stdoutFile, columns, env);
  const result = spawnSync(SCRIPT, scriptArgs, { ...options, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: result.status, terminal: result.stdout, stdout: existsSync(stdoutFile) ? readFileSync(stdoutFile, 'utf8') : '' };
}

/** The same, started in the background: what is typed into `child.stdin` reaches the pty (\x03 is Ctrl-C). */
export function startScriptInTerminal(script: string, args: string[], { env = {}, columns = 160 }: TerminalOptions = {}) {
  const stdoutFile = join(mkdtempSync(join(tmpdir(), 'fanout-tty-')), 'stdout.txt');
  const { args: scriptArgs, options } = terminalCommand(script, args, stdoutFile, columns, env);
  const child: ChildProcessWithoutNullStreams = spawn(SCRIPT, scriptArgs, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  const run = { child, terminal: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.terminal += chunk.toString()));
  // 'close', not 'exit': the exit can come before the last of the terminal's output has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { run, exited };
}

/**
 * What a terminal would show after `output`: the rows of a screen that understands what cli-progress and
 * readline write (CR, LF, ESC[nG, ESC[K / ESC[0K, ESC[2K, ESC 7 / ESC 8 save and restore); other
 * sequences are dropped. Lines are not wrapped.
 */
export function screenOf(output: string): string[] {
  const rows: string[][] = [[]];
  let [row, column] = [0, 0];
  let saved = [0, 0] as [number, number];
  // eslint-disable-next-line no-control-regex
  for (const [token] of output.matchAll(/\x1b\[([0-9;?]*)([A-Za-z])|\x1b[78]|[\s\S]/g)) {
    const line = (rows[row] ??= []);
    if (token === '\r') column = 0;
    else if (token === '\n') row += 1;
    else if (token === '\x1b7') saved = [row, column];
    else if (token === '\x1b8') [row, column] = saved;
    else if (token.startsWith('\x1b[')) {
      const [, params = '', command] = /^\x1b\[([0-9;?]*)([A-Za-z])$/.exec(token)!;
      if (command === 'G') column = Math.max(0, Number(params || 1) - 1);
      else if (command === 'K' && (params === '' || params === '0')) line.length = Math.min(line.length, column);
      else if (command === 'K' && params === '2') line.length = 0;
    } else {
      while (line.length < column) line.push(' ');
      line[column] = token;
      column += 1;
    }
  }
  return rows.map((line) => (line ?? []).join('').trimEnd()).filter((line) => line !== '');
}
