import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readReport } from '../report/read-report.ts';
import type { Report } from '../report/schema.ts';
import { PACKAGE_ROOT, siblingModulePath } from './module-path.ts';

const HERE = PACKAGE_ROOT;

/** A fanout checkout that can run a suite: its bench script and its own installed tsx. */
export function checkoutProblem(dir: string): string | undefined {
  if (!existsSync(join(dir, 'scripts', 'bench.ts'))) return `${dir} is not a fanout checkout (no scripts/bench.ts)`;
  if (!existsSync(join(dir, 'node_modules', '.bin', 'tsx'))) return `${dir} has no node_modules: run npm ci there first`;
  return undefined;
}

/** How a checkout's bench starts: Node (with its arguments) and the script. */
type BenchCommand = [command: string, ...args: string[]];

/** This checkout's bench, started the way this process was: from the build, or through tsx's loader. */
const thisBench = (): BenchCommand => [process.execPath, ...process.execArgv, siblingModulePath('../scripts/bench', import.meta.url)];

/**
 * The base checkout built (tsconfig.build.json, incrementally: nothing is written when nothing changed)
 * and its bench started from the build on plain Node, as its npm run bench starts it, so that no tsx
 * loader sits in one side's measured process only; tsx on the sources for a checkout from before the build.
 */
function prepareBase(dir: string, progress: (line: string) => void): Promise<BenchCommand> {
  if (!existsSync(join(dir, 'tsconfig.build.json'))) return Promise.resolve([join(dir, 'node_modules', '.bin', 'tsx'), join(dir, 'scripts', 'bench.ts')]);
  progress(`building ${dir}`);
  return new Promise((resolvePromise, reject) => {
    const build = spawn(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.on('error', (error) => reject(new Error(`cannot build ${dir}: ${error.message}`)));
    build.on('exit', (code) => {
      if (code === 0) resolvePromise([process.execPath, join(dir, 'dist', 'scripts', 'bench.js')]);
      else reject(new Error(`the build in ${dir} failed: ${output.trim().split('\n')[0] ?? ''}`));
    });
  });
}

function runBench([command, ...commandArgs]: BenchCommand, dir: string, args: string[], out: string): Promise<Report> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, [...commandArgs, ...args, '--quiet', '--rounds', '1', '--out', out], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      // Exit 1 means a case failed: the report is still there and says which.
      if (code === 0 || code === 1) readReport(out).then(resolvePromise, reject);
      else reject(new Error(`bench in ${dir} exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/**
 * Runs the same suite from two checkouts alternately on this machine, one round each in turn (B A A B B
 * A ...: the order alternates so neither side always goes first), and returns each side's rounds. On a
 * shared machine this is the robust way to compare a pull request with its base: drift hits both.
 */
export async function runInterleaved(
  baseDir: string,
  args: string[],
  rounds: number,
  progress: (line: string) => void,
): Promise<{ base: Report[]; head: Report[] }> {
  const work = await mkdtemp(join(tmpdir(), 'fanout-interleave-'));
  const dirs = { base: resolve(baseDir), head: HERE };
  const commands = { base: await prepareBase(dirs.base, progress), head: thisBench() };
  const base: Report[] = [];
  const head: Report[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['base', 'head'] as const) : (['head', 'base'] as const);
    for (const side of order) {
      const report = await runBench(commands[side], dirs[side], args, join(work, `${side}-${round}.json`));
      (side === 'base' ? base : head).push(report);
      progress(`round ${round}/${rounds}: ${side} done`);
    }
  }
  return { base, head };
}
