import { caseLabeller, chartedCases, framed, notCharted, type ChartDefinition } from './chart.ts';

/** Chart 1: median throughput per strategy, bars side by side per client, with the 95% interval. */
export const throughputChart: ChartDefinition = {
  name: 'throughput',
  title: 'Throughput by strategy',
  summary: 'median req/s by strategy and client, 95% interval whiskers',
  howToRead:
    'Each bar is the median throughput (requests per second) of a case over its measured iterations; the whisker is the ' +
    'bootstrap 95% interval of that median. Bars of one strategy sit side by side, one colour per client. Whiskers that ' +
    'overlap mean the run cannot tell the two apart; run more iterations (or npm run compare) before drawing a conclusion.',
  build(report) {
    const group = caseLabeller(report, false);
    const rows = chartedCases(report).map((result) => ({
      group: group(result),
      client: result.client,
      median: result.throughput.median,
      ciLow: result.throughput.ciLow,
      ciHigh: result.throughput.ciHigh,
    }));
    const groups = [...new Set(rows.map((row) => row.group))];
    const clients = [...new Set(rows.map((row) => row.client))];
    const x = { field: 'group', type: 'nominal', sort: groups, title: 'strategy', axis: { labelAngle: -35 } };
    const xOffset = { field: 'client', type: 'nominal', sort: clients };
    const body = {
      data: { values: rows },
      width: Math.max(420, groups.length * Math.max(2, clients.length) * 16),
      height: 300,
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x,
            xOffset,
            y: { field: 'median', type: 'quantitative', title: 'throughput (requests/s, median)' },
            color: { field: 'client', type: 'nominal', sort: clients, title: 'client' },
          },
        },
        {
          mark: { type: 'rule', color: '#222' },
          encoding: { x, xOffset, y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' } },
        },
      ],
    };
    return framed(report, this.title, ['median requests/s per iteration, whiskers: 95% interval of the median', ...notCharted(report)], body);
  },
};
