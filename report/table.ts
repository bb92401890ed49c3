import Table from 'cli-table3';
import type { CaseReport, Report } from './schema.ts';

export const GROUP_BY_VALUES = ['strategy', 'client'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];

export interface TableOptions {
  groupBy?: GroupBy;
}

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number) => (value >= 100 ? fixed(value, 0) : fixed(value, 1));

/** Whether a case is the one named by a baseline: "strategy/client" or a whole case id. */
export function matchesBaseline(result: Pick<CaseReport, 'id' | 'strategy' | 'client'>, baseline: string): boolean {
  return baseline === result.id || baseline === `${result.strategy}/${result.client}`;
}

/** The case the "x vs" column divides by: the configured baseline if it ran ok, else the slowest ok case. */
function baselineOf(report: Report): { label: string; throughput: number; note?: string } | undefined {
  const ok = report.cases.filter((c) => c.state === 'ok' && c.throughput.median > 0);
  const { baseline } = report.config;
  const named = baseline ? ok.find((c) => matchesBaseline(c, baseline)) : undefined;
  if (named) return { label: baseline, throughput: named.throughput.median };
  const slowest = ok.reduce<CaseReport | undefined>((low, c) => (!low || c.throughput.median < low.throughput.median ? c : low), undefined);
  if (!slowest) return undefined;
  const note = baseline ? `baseline ${baseline} did not run ok here, so "x vs" compares with the slowest case` : undefined;
  return { label: 'slowest', throughput: slowest.throughput.median, ...(note ? { note } : {}) };
}

function caseLabel(result: CaseReport): string {
  const threads = result.threads > 1 ? ` T=${result.threads}` : '';
  return `${result.strategy} / ${result.client}\nC=${result.concurrency}${threads}`;
}

/** The comparison table: one row per case, fastest first (within each group when grouped). */
export function renderTable(report: Report, options: TableOptions = {}): string {
  const baseline = baselineOf(report);
  const table = new Table({
    head: [
      'case',
      'req/s\n(95% CI)',
      'makespan\nmedian ms',
      'ideal ms\n(replay)',
      'effi-\nciency',
      'latency ms\np50 / p99',
      'conns\n/ iter',
      'peak in\nflight',
      'arrival\nspread ms',
      'failed\n(ok %)',
      `x vs\n${baseline?.label ?? '-'}`,
      'state\nbottleneck',
    ],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  const row = (c: CaseReport) => [
    caseLabel(c),
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
    `${c.state}${c.warnings.length ? ' (!)' : ''}\n${c.bottleneck}`,
  ];
  const fastestFirst = (cases: CaseReport[]) => [...cases].sort((a, b) => b.throughput.median - a.throughput.median);
  if (options.groupBy) {
    const key = options.groupBy;
    const groups = [...new Set(report.cases.map((c) => c[key]))];
    for (const group of groups) {
      table.push([{ colSpan: 12, content: `${key}: ${group}` }]);
      for (const c of fastestFirst(report.cases.filter((candidate) => candidate[key] === group))) table.push(row(c));
    }
  } else {
    for (const c of fastestFirst(report.cases)) table.push(row(c));
  }

  const { config, meta } = report;
  const prep = config.prepCpuMs || config.prepWaitMs ? `, preparation ${config.prepCpuMs} ms CPU + ${config.prepWaitMs} ms wait` : '';
  const delivery = (config.target.chunked ? ', chunked bodies' : '') + (config.target.slowBodyMs ? `, bodies over ${config.target.slowBodyMs} ms` : '');
  const faults =
    delivery +
    (config.target.faults ? `, faults ${config.target.faults}` : '') +
    (config.target.rateLimit ? `, rate limit ${config.target.rateLimit}` : '') +
    (config.retries ? `, ${config.retries} retries` : '');
  const { rttMs, bandwidthBytesPerSec, tls } = config.target;
  const network =
    (rttMs > 0 ? `, rtt ${rttMs} ms` : '') + (bandwidthBytesPerSec > 0 ? `, bandwidth ${bandwidthBytesPerSec} B/s` : '') + (tls ? ', https' : '');
  const header =
    `fanout: suite ${config.suite}, ${config.requests} requests per iteration, ${config.iterations} iterations ` +
    `(+${config.warmup} warm-up), target latency ${config.target.latency} (seed ${config.seed}), ` +
    `payload ${config.target.payloadBytes} B${network}${prep}${faults}${report.partial ? ' (PARTIAL: interrupted)' : ''}\n` +
    `node ${meta.node}, ${meta.cpus} x ${meta.cpuModel}`;
  const calibration = report.calibration
    ? [
        `overhead: the harness's limited-pool/undici ran at ${fixed(report.calibration.harnessThroughput.median)} req/s, ` +
          `a bare hand-written undici loop at ${fixed(report.calibration.bareThroughput.median)} req/s: ` +
          `harness/bare = ${fixed(report.calibration.ratio, 3)} (median of ${report.calibration.pairRatios.length} rounds, ` +
          `${fixed(Math.min(...report.calibration.pairRatios), 3)} to ${fixed(Math.max(...report.calibration.pairRatios), 3)})`,
      ]
    : [];
  const notes = [
    ...calibration,
    ...(baseline?.note ? [baseline.note] : []),
    ...report.cases.flatMap((c) => c.warnings.map((warning) => `${c.id} (!): ${warning}`)),
    ...report.cases
      .filter((c) => c.counts.lateStarts > 0)
      .map((c) => `${c.id}: ${c.counts.lateStarts} of ${c.counts.sent} requests started more than 1 ms after their scheduled time`),
    ...report.cases
      .filter((c) => c.state !== 'ok')
      .map((c) => `${c.id} ${c.state}: ${c.problems.slice(0, 3).join('; ')}${c.problems.length > 3 ? ` (+${c.problems.length - 3} more)` : ''}`),
  ];
  return [header, table.toString(), ...notes].join('\n');
}
