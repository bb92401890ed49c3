import type { CaseReport, Report } from '../schema.ts';
import { medianOf } from '../statistics.ts';
import { chartedCases, framed, notCharted, type ChartDefinition } from './chart.ts';

/**
 * The most requests per second the machine's CPU allows for a case, from what it measured per request:
 * the client's CPU (all its threads) and the target's, which share the machine's cores. Each side is also
 * capped by its own threads: the target has one, the client one per worker thread.
 */
export function cpuCeiling(result: CaseReport, cores: number): number {
  const clientUs = result.resources.cpuUsPerRequest;
  const targetUs = (result.target.cpuMs * 1000) / result.requests;
  const bounds = [cores * 1e6 / (clientUs + targetUs)];
  if (clientUs > 0) bounds.push((Math.min(result.threads, cores) * 1e6) / clientUs);
  if (targetUs > 0) bounds.push(1e6 / targetUs);
  return Math.min(...bounds);
}

/** The latency the target applied, per request: the L of Little's law. */
function appliedLatencyMs(cases: CaseReport[]): number {
  return medianOf(cases.flatMap((result) => result.target.perIteration.map((iteration) => iteration.appliedLatencyMs.mean)));
}

/** Chart 4: throughput against concurrency per strategy, with Little's law and the CPU ceiling. */
export const concurrencySweepChart: ChartDefinition = {
  name: 'concurrency-sweep',
  title: 'Concurrency sweep',
  summary: "req/s against concurrency with Little's law (C / L) and the CPU ceiling\n(npm run bench -- --suite sweep makes the report this one is for)",
  howToRead:
    'Throughput (median, with its 95% interval) against the concurrency C, both on log scales, one panel per client and ' +
    'one line per strategy. The grey dashed line is Little\'s law, C / L with L the latency the target applied: what C ' +
    'requests in flight can carry if nothing else costs time. A dashed line in a strategy\'s colour is its CPU ' +
    'ceiling: the requests per second the machine\'s cores allow at the CPU per request the client and the target ' +
    'measured in that strategy\'s fastest case (the target has one thread, the client one per worker thread). ' +
    'Throughput follows Little\'s law at small C and bends flat near its ceiling: the knee is the concurrency beyond ' +
    'which more requests in flight only add queueing. Run --suite sweep for the full curve.',
  build(report) {
    const cases = chartedCases(report);
    const latencyMs = appliedLatencyMs(cases);
    const concurrencies = [...new Set(cases.map((result) => result.concurrency))].sort((a, b) => a - b);
    const clients = [...new Set(cases.map((result) => result.client))];
    const measured = cases.map((result) => ({
      kind: 'measured',
      client: result.client,
      strategy: result.strategy,
      concurrency: result.concurrency,
      throughput: result.throughput.median,
      ciLow: result.throughput.ciLow,
      ciHigh: result.throughput.ciHigh,
    }));
    const little = clients.flatMap((client) =>
      concurrencies.map((concurrency) => ({ kind: 'little', client, concurrency, throughput: (concurrency * 1000) / latencyMs })),
    );
    // Each series' ceiling comes from its fastest case: the one nearest saturation, where the CPU per
    // request is the cost of the work rather than of an idle loop.
    const series = [...new Set(cases.map((result) => `${result.strategy}/${result.client}`))];
    const strategies = [...new Set(cases.map((result) => result.strategy))];
    const ceilings = series.map((name) => {
      const fastest = cases
        .filter((result) => `${result.strategy}/${result.client}` === name)
        .reduce((best, result) => (result.throughput.median > best.throughput.median ? result : best));
      const ceiling = cpuCeiling(fastest, report.meta.cpus);
      const label = ceiling >= 10_000 ? `${(ceiling / 1000).toFixed(1)}k` : Math.round(ceiling).toLocaleString('en-US');
      // Labels of ceilings close together would overprint: each strategy's sits at its own x (pixels).
      const labelX = 4 + strategies.indexOf(fastest.strategy) * 52;
      return { kind: 'ceiling', client: fastest.client, strategy: fastest.strategy, throughput: ceiling, label, labelX };
    });
    const values = [...measured, ...little, ...ceilings];
    const low = Math.min(...measured.map((row) => row.ciLow).filter((value) => value > 0)) / 1.5;
    const high = Math.max(...ceilings.map((row) => row.throughput), ...measured.map((row) => row.ciHigh)) * 1.6;
    const x = {
      field: 'concurrency',
      type: 'quantitative',
      title: 'concurrency C (requests in flight, log scale)',
      scale: { type: 'log', base: 2 },
      axis: { values: concurrencies },
    };
    const y = { field: 'throughput', type: 'quantitative', title: 'throughput (requests/s, log scale)', scale: { type: 'log', domain: [low, high] } };
    const only = (kind: string) => [{ filter: `datum.kind == '${kind}'` }];
    const color = { field: 'strategy', type: 'nominal', title: 'strategy' };
    const body = {
      data: { values },
      facet: { field: 'client', type: 'nominal', title: null, sort: clients },
      columns: 3,
      spec: {
        width: 320,
        height: 280,
        layer: [
          { transform: only('little'), mark: { type: 'line', color: '#888', strokeDash: [4, 4], clip: true }, encoding: { x, y } },
          { transform: only('ceiling'), mark: { type: 'rule', strokeDash: [6, 3], opacity: 0.8 }, encoding: { y, color } },
          {
            transform: only('ceiling'),
            mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -2, fontSize: 10 },
            encoding: { x: { field: 'labelX', type: 'quantitative', scale: null }, y, color, text: { field: 'label' } },
          },
          {
            transform: only('measured'),
            mark: { type: 'rule' },
            encoding: { x, y: { ...y, field: 'ciLow' }, y2: { field: 'ciHigh' }, color },
          },
          {
            transform: only('measured'),
            mark: { type: 'line', point: true, tooltip: true, clip: true },
            encoding: { x, y, color },
          },
        ],
      },
    };
    const subtitle = [
      `median throughput per case; grey dashed: Little's law C / L with L = ${latencyMs.toFixed(1)} ms (the latency the target applied)`,
      `coloured dashed: each strategy's CPU ceiling, from the client's and target's CPU per request in its fastest case, on ${report.meta.cpus} cores`,
      ...(concurrencies.length < 2 ? ['this report has one concurrency only: run npm run bench -- --suite sweep for the curve'] : []),
    ];
    return framed(report, this.title, [...subtitle, ...notCharted(report)], body);
  },
};
