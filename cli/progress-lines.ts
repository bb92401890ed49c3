import type { RunPlan } from '../harness/plan.ts';
import type { RunProgress } from '../harness/runner.ts';
import type { CaseReport } from '../report/schema.ts';

/** A run's progress on stderr (bars or plain lines), and a way to put another message there without garbling it. */
export interface ProgressDisplay extends RunProgress {
  /** Writes one line on stderr (above the live bar, if one is drawn). */
  note(line: string): void;
}

/** "50 requests each", or the range when a group scales its requests with C. */
function requestsLabel(plan: RunPlan): string {
  const counts = plan.cases.map((spec) => spec.requests);
  if (counts.length === 0) return `${plan.suite.requests} requests each`;
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? `${low} requests each` : `${low} to ${high} requests a case (scaled with C)`;
}

/** The run's first line: suite, cases, iterations, requests, latency. */
export function headerLine(plan: RunPlan): string {
  const { suite, settings } = plan;
  const rounds = suite.rounds > 1 ? ` x ${suite.rounds} rounds` : '';
  return (
    `fanout: suite ${suite.name}, ${plan.cases.length} cases x ${settings.iterations} iterations ` +
    `(+${settings.warmup} warm-up)${rounds}, ${requestsLabel(plan)}, target latency ${suite.target.latency}`
  );
}

/** "round 2/3 " when there are rounds, else nothing. */
export function roundLabel(round: number, rounds: number): string {
  return rounds > 1 ? `round ${round}/${rounds} ` : '';
}

/** The line of a finished case: its state, time, req/s, efficiency, the client's peak RSS and first problem. */
export function finishedLine(round: string, result: CaseReport, index: number, total: number, elapsedMs: number): string {
  const measured = result.iterations > 0;
  const memory = measured ? `, peak RSS ${Math.round(result.resources.peakRssBytes / 1e6)} MB` : '';
  const figures = measured ? `${Math.round(result.throughput.median)} req/s, efficiency ${result.efficiency.toFixed(2)}${memory}` : 'not measured';
  const problem = result.state === 'ok' ? '' : `: ${result.problems[0]?.message ?? ''}`;
  return `${round}[${index + 1}/${total}] ${result.id} ${result.state} in ${(elapsedMs / 1000).toFixed(1)} s, ${figures}${problem}`;
}
