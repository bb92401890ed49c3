import Table from 'cli-table3';
import type { CaseReport, Report } from './schema.ts';

const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number) => (value >= 100 ? fixed(value, 0) : fixed(value, 1));

function caseLabel(result: CaseReport): string {
  const threads = result.threads > 1 ? ` T=${result.threads}` : '';
  return `${result.strategy} / ${result.client}\nC=${result.concurrency}${threads}`;
}

/** The comparison table: one row per case, fastest first, "x vs slowest" relative to the slowest ok case. */
export function renderTable(report: Report): string {
  const cases = [...report.cases].sort((a, b) => b.throughput.median - a.throughput.median);
  const okThroughputs = cases.filter((c) => c.state === 'ok').map((c) => c.throughput.median);
  const slowest = okThroughputs.length ? Math.min(...okThroughputs) : 0;
  const table = new Table({
    head: ['case', 'req/s\n(95% CI)', 'makespan\nmedian ms', 'latency ms\np50 / p99', 'ideal\nms', 'effi-\nciency', 'conns\n/ iter', 'peak\nin flight', 'errors', 'x vs\nslowest', 'state'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const c of cases) {
    table.push([
      caseLabel(c),
      `${fixed(c.throughput.median)}\n${fixed(c.throughput.ciLow)}-${fixed(c.throughput.ciHigh)}`,
      ms(c.makespanMs.median),
      `${ms(c.latencyMs.p50)} / ${ms(c.latencyMs.p99)}`,
      ms(c.predictedMs),
      fixed(c.efficiency, 2),
      String(c.target.connections),
      String(c.target.peakInFlight),
      String(c.errors.total),
      c.state === 'ok' && slowest > 0 ? `${fixed(c.throughput.median / slowest, 1)}x` : '-',
      c.state,
    ]);
  }
  const { config, meta } = report;
  const header =
    `fanout: suite ${config.suite}, ${config.requests} requests per iteration, ${config.iterations} iterations ` +
    `(+${config.warmup} warm-up), target latency ${config.target.latency}, payload ${config.target.payloadBytes} B\n` +
    `node ${meta.node}, ${meta.cpus} x ${meta.cpuModel}`;
  const problems = report.cases
    .filter((c) => c.state !== 'ok')
    .map((c) => `${c.id} ${c.state}: ${c.problems.slice(0, 3).join('; ')}${c.problems.length > 3 ? ` (+${c.problems.length - 3} more)` : ''}`);
  return [header, table.toString(), ...problems].join('\n');
}
