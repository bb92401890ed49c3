import type { RunPlan } from '../harness/plan.ts';
import { progressBars } from './progress-bars.ts';
import { finishedLine, headerLine, roundLabel, type ProgressDisplay } from './progress-lines.ts';

export type { ProgressDisplay } from './progress-lines.ts';

/** One plain line per case and round on stderr, so stdout stays clean for the table or --json. */
function progressPrinter(plan: RunPlan, stream: { write(text: string): unknown } = process.stderr): ProgressDisplay {
  stream.write(`${headerLine(plan)}\n`);
  let round = '';
  return {
    roundStarted(current, rounds) {
      round = roundLabel(current, rounds);
    },
    caseFinished(result, index, total, elapsedMs) {
      stream.write(`${finishedLine(round, result, index, total, elapsedMs)}\n`);
    },
    note(line) {
      stream.write(`${line}\n`);
    },
  };
}

/** CI=true, CI=1 and the like; CI unset, empty, 0 or false is not CI. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value);
}

/**
 * Live bars only where someone watches them: stderr is a terminal, not CI, not --quiet. Everywhere else
 * (a pipe, a file, a CI log) the plain lines, with no control characters at all.
 */
export function wantsProgressBars(quiet: boolean, stream: { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return !quiet && stream.isTTY === true && !isCi(env);
}

/**
 * The progress of a run on stderr (or `stream`, a test's in-process capture): a live bar per case in a
 * terminal, else one plain line per case.
 */
export function progressFor(
  plan: RunPlan,
  { quiet = false, stream = process.stderr, env = process.env }: { quiet?: boolean; stream?: { write(text: string): unknown; isTTY?: boolean }; env?: NodeJS.ProcessEnv } = {},
): ProgressDisplay {
  // Only a real terminal says isTTY, and that is a stream the bars can draw on.
  return wantsProgressBars(quiet, stream, env) ? progressBars(plan, stream as NodeJS.WritableStream) : progressPrinter(plan, stream);
}
