import type { CaseComparison, CompareOptions, Comparison, Metric } from './compare.ts';
import type { Report } from './schema.ts';

export interface GateOptions {
  /** A case of BASE that HEAD lacks is fine (HEAD ran a subset on purpose); every other rule holds. */
  allowMissing: boolean;
}

/**
 * The gate's defaults, their one home: npm run compare's flags and help (cli/compare-options.ts), the
 * gate of bench --interleave and the gate npm run validate-gate measures read them from here.
 */
export const GATE_DEFAULTS: Readonly<Omit<CompareOptions, 'seed' | 'metrics'> & GateOptions & { metrics: readonly Metric[] }> = {
  threshold: 0.05,
  alpha: 0.01,
  metrics: ['throughput'],
  allowMissing: false,
};

/** How often each id occurs more than once, in the order the ids first appear. */
function duplicateIds(report: Report): string[] {
  const counts = new Map<string, number>();
  for (const result of report.cases) counts.set(result.id, (counts.get(result.id) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count} times)`);
}

const percent = (ratio: number | undefined) => (ratio === undefined ? '?' : `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`);

function regression(row: CaseComparison): string {
  const p = row.p === undefined ? '' : `, p ${row.p < 0.0001 ? '<0.0001' : row.p.toFixed(4)}`;
  return `${row.id} regressed in ${row.metric}: ${percent(row.ratio)} [${percent(row.ratioLow)}, ${percent(row.ratioHigh)}]${p}`;
}

/**
 * What a `failing` row says beyond its state (which the gate says with the case's first problem): what
 * rose or fell, e.g. "error rate rose 0.0% -> 100.0%"; undefined when nothing is left.
 */
function failingWhat(row: CaseComparison): string | undefined {
  const what = (row.failing ?? []).filter((phrase) => !phrase.startsWith('state '));
  return what.length === 0 ? undefined : what.join('; ');
}

/**
 * Why the gate fails, one reason per line (empty: it passes). The gate fails when either report holds no
 * case or repeats a case id, when HEAD is partial (an interrupted run), when the reports share no case,
 * when a case of BASE is missing from HEAD (unless allowMissing), when a case of HEAD is not ok (failed or
 * aborted), when a case is failing (its error rate rose, its ok requests fell, or none succeeded: said on
 * the line of its state when that is not ok, else on a line of its own; once per case, whichever metrics
 * were compared: one line per failing case), and when a case regressed: one reason per regressed row of
 * the comparison. A case only in HEAD is no reason: a new case has nothing to be compared with.
 */
export function gateFailures(base: Report, head: Report, comparison: Comparison, { allowMissing }: GateOptions): string[] {
  const reasons: string[] = [];
  for (const [name, report] of [['BASE', base], ['HEAD', head]] as const) {
    if (report.cases.length === 0) reasons.push(`${name} holds no case`);
    const duplicates = duplicateIds(report);
    if (duplicates.length > 0) reasons.push(`${name} has duplicate case ids: ${duplicates.join(', ')}`);
  }
  if (head.partial) reasons.push('HEAD is partial: its run was interrupted, so it holds only the cases that finished');

  const headIds = new Set(head.cases.map((result) => result.id));
  const baseIds = [...new Set(base.cases.map((result) => result.id))];
  const missing = baseIds.filter((id) => !headIds.has(id));
  // An empty report is said above; its cases missing one by one would only repeat it.
  if (base.cases.length > 0 && head.cases.length > 0) {
    if (missing.length === baseIds.length) reasons.push('BASE and HEAD share no case');
    else if (!allowMissing) for (const id of missing) reasons.push(`HEAD has no case ${id} of BASE`);
  }

  // What rose or fell, once per case whichever metrics were compared (each row says the same).
  const failing = new Map<string, string>();
  for (const row of comparison.rows) {
    const what = row.verdict === 'failing' ? failingWhat(row) : undefined;
    if (what !== undefined && !failing.has(row.id)) failing.set(row.id, what);
  }
  for (const result of head.cases) {
    if (result.state === 'ok') continue;
    const [first, ...more] = result.problems;
    const why = first === undefined ? '' : `: ${first.message}${more.length > 0 ? ` (+${more.length} more)` : ''}`;
    const what = failing.get(result.id);
    failing.delete(result.id);
    reasons.push(`HEAD case ${result.id} is ${result.state}${why}${what === undefined ? '' : `; ${what}`}`);
  }
  for (const [id, what] of failing) reasons.push(`HEAD case ${id} is failing: ${what}`);
  for (const row of comparison.rows) if (row.verdict === 'regressed') reasons.push(regression(row));
  // One line each, whatever an id or a problem read from a file holds.
  return reasons.map((reason) => reason.replace(/\s*[\r\n]+\s*/g, ' '));
}
