import Table from 'cli-table3';
import { describeRun } from './describe-run.ts';
import { summaryLines } from './summary.ts';
import type { CaseReport, Report } from './schema.ts';

export const GROUP_BY_VALUES = ['strategy', 'client'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];

export interface TableOptions {
  groupBy?: GroupBy;
  /**
   * `wide` (the default here, and in the HTML report and the table export): every column. `compact`
   * (npm run bench's default): the columns a reader needs first, in at most 100 terminal columns.
   */
  layout?: 'wide' | 'compact';
  /**
   * The terminal's width: a table wider than this drops its least important columns, one at a time,
   * rather than wrap, and the lines above and below it are wrapped to it.
   */
  width?: number;
}

/** A column of the results table: its heading (lines split by "\n") and the side its figures line up on. */
export interface TableColumn {
  head: string;
  align: 'left' | 'right';
  /**
   * In the compact table, the order in which columns go when the terminal is too narrow (1 goes first);
   * absent: wide table only. The case, its req/s and its state never go.
   */
  compactRank?: number;
}

/** A heading that starts a group, or one case's cells (lines split by "\n"), one per column. */
export type TableRow = { group: string } | { result: CaseReport; cells: string[] };

/**
 * The results table as plain strings, so the terminal (cli-table3) and the HTML report show the same
 * columns and figures. Notes are what a reader needs under the table, except the reasons of cases that
 * are not ok: each output lists those in its own way (see problemSummary).
 */
export interface TableData {
  columns: TableColumn[];
  rows: TableRow[];
  notes: string[];
}

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number) => (value >= 100 ? fixed(value, 0) : fixed(value, 1));

/** Whether a case is the one named by a baseline: "strategy/client" or a whole case id. */
export function matchesBaseline(result: Pick<CaseReport, 'id' | 'strategy' | 'client'>, baseline: string): boolean {
  return baseline === result.id || baseline === `${result.strategy}/${result.client}`;
}

interface Baseline {
  label: string;
  throughput: number;
  note?: string;
}

/** The case the "x vs" column divides by: the configured baseline if it ran ok, else the slowest ok case. */
function baselineOf(report: Report): Baseline | undefined {
  const ok = report.cases.filter((c) => c.state === 'ok' && c.throughput.median > 0);
  const { baseline } = report.config;
  const named = baseline ? ok.find((c) => matchesBaseline(c, baseline)) : undefined;
  if (named) return { label: baseline, throughput: named.throughput.median };
  const slowest = ok.reduce<CaseReport | undefined>((low, c) => (!low || c.throughput.median < low.throughput.median ? c : low), undefined);
  if (!slowest) return undefined;
  const note = baseline ? `baseline ${baseline} did not run ok here, so "x vs" compares with the slowest case` : undefined;
  return { label: 'slowest', throughput: slowest.throughput.median, ...(note ? { note } : {}) };
}

function caseLabel(result: CaseReport, showRequests: boolean): string {
  const threads = result.threads > 1 ? ` T=${result.threads}` : '';
  const requests = showRequests ? ` N=${result.requests}` : '';
  return `${result.strategy} / ${result.client}\nC=${result.concurrency}${threads}${requests}`;
}

/** Whether the cases send different numbers of requests (a group that scales them with C). */
function requestsVary(report: Report): boolean {
  return new Set(report.cases.map((c) => c.requests)).size > 1;
}

function columns(baseline: Baseline | undefined): TableColumn[] {
  const right = (head: string): TableColumn => ({ head, align: 'right' });
  const kept = Infinity;
  return [
    { head: 'case', align: 'left', compactRank: kept },
    { ...right('req/s\n(95% CI)'), compactRank: kept },
    right('makespan\nmedian ms'),
    right('ideal ms\n(replay)'),
    { ...right('effi-\nciency'), compactRank: 4 },
    { ...right('latency ms\np50 / p99'), compactRank: 3 },
    { ...right('conns\n/ iter'), compactRank: 1 },
    { ...right('peak in\nflight'), compactRank: 2 },
    right('arrival\nspread ms'),
    right('failed\n(ok %)'),
    right(`x vs\n${baseline?.label ?? '-'}`),
    { head: 'state\nbottleneck', align: 'left', compactRank: kept },
  ];
}

function cells(c: CaseReport, baseline: Baseline | undefined, showRequests: boolean): string[] {
  return [
    caseLabel(c, showRequests),
    `${fixed(c.throughput.median)}\n${fixed(c.throughput.ciLow)}-${fixed(c.throughput.ciHigh)}`,
    ms(c.makespanMs.median),
    ms(c.idealMs.median),
    fixed(c.efficiency, 2),
    `${ms(c.latencyMs.p50)} / ${ms(c.latencyMs.p99)}`,
    String(c.target.connections),
    String(c.target.peakInFlight),
    ms(c.target.arrivalSpreadMs),
    `${c.errors.total}${c.errors.retries.total ? ` +${c.errors.retries.total} retried` : ''}\n(${fixed(c.counts.sent ? (100 * c.counts.ok) / c.counts.sent : 0, 1)}%)`,
    c.state === 'ok' && baseline ? `${fixed(c.throughput.median / baseline.throughput, 1)}x` : '-',
    // A case that measured nothing (refused, or cut off before its first iteration) has no bottleneck.
    `${c.state}${c.warnings.length ? ' (!)' : ''}\n${c.iterations > 0 ? c.bottleneck : '-'}`,
  ];
}

const fastestFirst = (cases: CaseReport[]) => [...cases].sort((a, b) => b.throughput.median - a.throughput.median);

/** Cases fastest first; when grouped, a heading per group and fastest first within it. */
function orderedRows(report: Report, groupBy: GroupBy | undefined, row: (c: CaseReport) => TableRow): TableRow[] {
  if (!groupBy) return fastestFirst(report.cases).map(row);
  const groups = [...new Set(report.cases.map((c) => c[groupBy]))];
  return groups.flatMap((group) => [
    { group: `${groupBy}: ${group}` },
    ...fastestFirst(report.cases.filter((candidate) => candidate[groupBy] === group)).map(row),
  ]);
}

const range = (values: number[]) => `${fixed(Math.min(...values), 3)} to ${fixed(Math.max(...values), 3)}`;

/** One line per calibrated client, and one for the mock against bare Fastify. */
function calibrationNotes(calibration: NonNullable<Report['calibration']>): string[] {
  const clients = calibration.clients.map(
    (c) =>
      `overhead, ${c.client}: the harness's limited-pool ran at ${fixed(c.harnessThroughput.median)} req/s, its bare loop at ` +
      `${fixed(c.bareThroughput.median)} req/s: harness/bare = ${fixed(c.ratio, 3)} (median of ${c.pairRatios.length} rounds, ` +
      `${range(c.pairRatios)}); client CPU per request ${fixed(c.harnessCpuUsPerRequest, 1)} us against ${fixed(c.bareCpuUsPerRequest, 1)} us ` +
      `(${fixed(c.cpuRatio, 3)})`,
  );
  const target = calibration.target;
  const mock = target
    ? [
        `overhead, target: the mock used ${fixed(target.mockCpuUsPerRequest, 1)} us of CPU per request, bare Fastify ` +
          `${fixed(target.bareCpuUsPerRequest, 1)} us, under the same undici load: mock/bare = ${fixed(target.ratio, 3)} ` +
          `(median of ${target.pairRatios.length} rounds, ${range(target.pairRatios)})`,
      ]
    : [];
  return [...clients, ...mock];
}

/** The comparison table's data: one row per case, fastest first (within each group when grouped). */
export function tableData(report: Report, options: TableOptions = {}): TableData {
  const baseline = baselineOf(report);
  const showRequests = requestsVary(report);
  const notes = [
    ...(report.calibration ? calibrationNotes(report.calibration) : []),
    ...(baseline?.note ? [baseline.note] : []),
    ...report.cases.flatMap((c) => c.warnings.map((warning) => `${c.id} (!): ${warning.message}`)),
    ...report.cases
      .filter((c) => c.counts.lateStarts > 0)
      .map((c) => `${c.id}: ${c.counts.lateStarts} of ${c.counts.sent} requests started more than 1 ms after their scheduled time`),
  ];
  return {
    columns: columns(baseline),
    rows: orderedRows(report, options.groupBy, (c) => ({ result: c, cells: cells(c, baseline, showRequests) })),
    notes,
  };
}

/** A case that is not ok in one line: its state and its first three problems. */
export function problemSummary(c: CaseReport): string {
  const first = c.problems.slice(0, 3).map((problem) => problem.message);
  return `${c.id} ${c.state}: ${first.join('; ')}${c.problems.length > 3 ? ` (+${c.problems.length - 3} more)` : ''}`;
}

/** The run above the table, in two lines: suite, workload and target, then node and CPU. */
function runHeader(report: Report): string {
  const run = describeRun(report);
  return `${run.headline}\n${run.machine.join(', ')}`;
}

/** The compact table's case label: strategy over client, so the column stays narrow. */
function compactLabel(wideLabel: string, result: CaseReport): string {
  return `${result.strategy}\n${result.client} ${wideLabel.split('\n')[1] ?? ''}`.trimEnd();
}

function drawn(data: TableData, keep: number[], compact: boolean): string {
  const table = new Table({
    head: keep.map((i) => data.columns[i]!.head),
    colAligns: keep.map((i) => data.columns[i]!.align),
    style: { head: [], border: [] },
  });
  for (const row of data.rows) {
    if ('group' in row) table.push([{ colSpan: keep.length, content: row.group }]);
    else table.push(keep.map((i) => (i === 0 && compact ? compactLabel(row.cells[0]!, row.result) : row.cells[i]!)));
  }
  return table.toString();
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

/** Lines longer than `width` broken at spaces (a word longer than the width stays whole). */
function wrapped(line: string, width: number | undefined): string {
  if (width === undefined || line.length <= width) return line;
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      out.push(current);
      current = `  ${word}`;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  return [...out, current].join('\n');
}

/** The comparison table for the terminal: the run, the table, then its notes and the cases not ok. */
export function renderTable(report: Report, options: TableOptions = {}): string {
  const data = tableData(report, options);
  const compact = options.layout === 'compact';
  const all = data.columns.map((_, i) => i);
  let keep = compact ? all.filter((i) => data.columns[i]!.compactRank !== undefined) : all;
  let table = drawn(data, keep, compact);
  // Too wide for the terminal: the least important column goes, until it fits or only the kept ones are left.
  while (options.width !== undefined && widest(table) > options.width) {
    const droppable = keep.filter((i) => (data.columns[i]!.compactRank ?? 0) !== Infinity);
    if (droppable.length === 0) break;
    const next = droppable.reduce((low, i) => ((data.columns[i]!.compactRank ?? 0) < (data.columns[low]!.compactRank ?? 0) ? i : low));
    keep = keep.filter((i) => i !== next);
    table = drawn(data, keep, compact || options.width !== undefined);
  }
  const failures = report.cases.filter((c) => c.state !== 'ok').map(problemSummary);
  const around = (lines: string[]) => lines.map((line) => wrapped(line, options.width));
  return [...around(runHeader(report).split('\n')), table, ...around([...summaryLines(report), ...data.notes, ...failures])].join('\n');
}
