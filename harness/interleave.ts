import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readReport } from '../report/read-report.ts';
import type { Report } from '../report/schema.ts';
import { PACKAGE_ROOT } from './module-path.ts';

const HERE = PACKAGE_ROOT;

/** A fanout checkout that can run a suite: its bench script and its own installed tsx. */
export function checkoutProblem(dir: string): string | undefined {
  if (!existsSync(join(dir, 'scripts', 'bench.ts'))) return `${dir} is not a fanout checkout (no scripts/bench.ts)`;
  if (!existsSync(join(dir, 'node_modules', '.bin', 'tsx'))) return `${dir} has no node_modules: run npm ci there first`;
  return undefined;
}

function runBench(dir: string, args: string[], out: string): Promise<Report> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(dir, 'node_modules', '.bin', 'tsx'), [join(dir, 'scripts', 'bench.ts'), ...args, '--quiet', '--rounds', '1', '--out', out], {
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
  const base: Report[] = [];
  const head: Report[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['base', 'head'] as const) : (['head', 'base'] as const);
    for (const side of order) {
      const dir = side === 'base' ? resolve(baseDir) : HERE;
      const report = await runBench(dir, args, join(work, `${side}-${round}.json`));
      (side === 'base' ? base : head).push(report);
      progress(`round ${round}/${rounds}: ${side} done`);
    }
  }
  return { base, head };
}
