import type { RunPlan } from '../harness/plan.ts';
import type { RunProgress } from '../harness/runner.ts';

/** "50 requests each", or the range when a group scales its requests with C. */
function requestsLabel(plan: RunPlan): string {
  const counts = plan.cases.map((spec) => spec.requests);
  if (counts.length === 0) return `${plan.suite.requests} requests each`;
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? `${low} requests each` : `${low} to ${high} requests a case (scaled with C)`;
}

/** One plain line per case and round on stderr, so stdout stays clean for the table or --json. */
export function progressPrinter(plan: RunPlan): RunProgress {
  const { suite, settings } = plan;
  const rounds = suite.rounds > 1 ? ` x ${suite.rounds} rounds` : '';
  process.stderr.write(
    `fanout: suite ${suite.name}, ${plan.cases.length} cases x ${settings.iterations} iterations ` +
      `(+${settings.warmup} warm-up)${rounds}, ${requestsLabel(plan)}, target latency ${suite.latency}\n`,
  );
  let roundLabel = '';
  return {
    roundStarted(round, total) {
      roundLabel = total > 1 ? `round ${round}/${total} ` : '';
    },
    caseFinished(result, index, total, elapsedMs) {
      const figures = `${Math.round(result.throughput.median)} req/s, efficiency ${result.efficiency.toFixed(2)}`;
      const problem = result.state === 'ok' ? '' : `: ${result.problems[0] ?? ''}`;
      process.stderr.write(
        `${roundLabel}[${index + 1}/${total}] ${result.id} ${result.state} in ${(elapsedMs / 1000).toFixed(1)} s, ${figures}${problem}\n`,
      );
    },
  };
}
