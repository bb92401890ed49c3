import { caseLabeller, chartedCases, framed, notCharted, type ChartDefinition } from './chart.ts';

/** Percentiles on the "nines" axis: x = -log10(1 - p), so 90%, 99%, 99.9% are evenly spaced. */
const PERCENTILES = [
  { label: '50%', key: 'p50', nines: -Math.log10(0.5) },
  { label: '90%', key: 'p90', nines: 1 },
  { label: '99%', key: 'p99', nines: 2 },
  { label: '99.9%', key: 'p999', nines: 3 },
  // HDR plots end at the largest value seen; it sits one step past 99.9% and is labelled as such.
  { label: 'max', key: 'max', nines: 4 },
] as const;

/** Log axes cannot show 0; a latency below a microsecond is drawn at one. */
const FLOOR_MS = 0.001;

/** Chart 2: per-request latency against percentile, HDR style, one line per case. */
export const latencyPercentilesChart: ChartDefinition = {
  name: 'latency-percentiles',
  title: 'Latency by percentile',
  summary: 'per-request latency against percentile on a log "nines" axis, a line per case',
  howToRead:
    'Per-request latency (from the moment a request was sent to its last byte) against percentile, on a "nines" axis ' +
    'where 90%, 99% and 99.9% are evenly spaced, as HdrHistogram plots do; both axes are logarithmic. A flat line means ' +
    'every request waited about as long; a line that climbs at the right has a tail: a few requests waited far longer ' +
    '(queueing behind a pool, a burst the target serialised, a slow connection set-up).',
  build(report) {
    const label = caseLabeller(report);
    const cases = chartedCases(report);
    const rows = cases.flatMap((result) =>
      PERCENTILES.map((percentile) => ({
        case: label(result),
        percentile: percentile.label,
        nines: percentile.nines,
        latencyMs: Math.max(FLOOR_MS, result.latencyMs[percentile.key]),
      })),
    );
    const labelExpr = PERCENTILES.map((p) => `datum.value == ${p.nines} ? '${p.label}'`).join(' : ') + " : ''";
    const body = {
      data: { values: rows },
      width: 520,
      height: 320,
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: {
          field: 'nines',
          type: 'quantitative',
          title: 'percentile',
          scale: { domain: [PERCENTILES[0].nines, 4] },
          axis: { values: PERCENTILES.map((p) => p.nines), labelExpr, grid: true },
        },
        y: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' } },
        color: { field: 'case', type: 'nominal', title: 'case', sort: cases.map(label), scale: { scheme: 'tableau20' } },
      },
    };
    return framed(report, this.title, ['per-request latency over all measured iterations (HDR histogram)', ...notCharted(report)], body);
  },
};
