import type { Bottleneck, CaseReport, Report } from './schema.ts';

// The run in words, under the table: two to five lines a write-up could quote.

const BOTTLENECK_WORDS: Record<Bottleneck, string> = {
  'latency-bound': 'near their ideal, waiting on the latency (latency-bound)',
  'client-cpu-bound': "held back by the client's CPU (client-cpu-bound)",
  'target-bound': 'held back by the mock server: these measured the target, not the client (target-bound)',
  queueing: 'waiting for a turn: a concurrency cap, a socket pool, connection setup (queueing)',
};

const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const name = (c: CaseReport) => `${c.strategy}/${c.client}`;
const span = (values: number[]) => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? fixed(low, 2) : `${fixed(low, 2)}-${fixed(high, 2)}`;
};

/** The fastest case, the cases grouped by what limited them with their efficiency, and the count of warnings. */
export function summaryLines(report: Report): string[] {
  const measured = report.cases.filter((c) => c.state === 'ok' && c.iterations > 0 && c.throughput.median > 0);
  if (measured.length === 0) return [];
  const fastest = measured.reduce((best, c) => (c.throughput.median > best.throughput.median ? c : best));
  const slowest = measured.reduce((low, c) => (c.throughput.median < low.throughput.median ? c : low));
  const lines = [
    `In words: the fastest case was ${fastest.id} at ${fixed(fastest.throughput.median)} req/s` +
      (measured.length > 1 ? `, ${fixed(fastest.throughput.median / slowest.throughput.median, 1)}x the slowest (${slowest.id}).` : '.'),
  ];
  for (const bottleneck of Object.keys(BOTTLENECK_WORDS) as Bottleneck[]) {
    const cases = measured.filter((c) => c.bottleneck === bottleneck);
    if (cases.length === 0) continue;
    const names = [...new Set(cases.map(name))];
    const listed = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    lines.push(`${cases.length === 1 ? 'One case was' : `${cases.length} cases were`} ${BOTTLENECK_WORDS[bottleneck]}, at efficiency ${span(cases.map((c) => c.efficiency))}: ${listed}.`);
  }
  const warned = report.cases.filter((c) => c.warnings.length > 0).length;
  const notOk = report.cases.length - report.cases.filter((c) => c.state === 'ok').length;
  if (warned > 0 || notOk > 0) {
    const said = [notOk > 0 ? `${notOk} not ok` : '', warned > 0 ? `${warned} with warnings (!)` : ''].filter(Boolean).join(' and ');
    const line = `${said}: see below.`;
    // Five lines at most: with every kind of limit present the count joins the last.
    if (lines.length < 5) lines.push(line[0]!.toUpperCase() + line.slice(1));
    else lines[lines.length - 1] += ` ${line[0]!.toUpperCase() + line.slice(1)}`;
  }
  return lines;
}
