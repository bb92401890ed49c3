import { caseLabeller, chartedCases, framed, notCharted, type ChartDefinition } from './chart.ts';

/** Chart 5: each case's measured makespan next to its replayed ideal, sorted by efficiency. */
export const measuredVsIdealChart: ChartDefinition = {
  name: 'measured-vs-ideal',
  title: 'Measured vs ideal',
  summary: "each case's makespan against its replayed ideal, labelled with the efficiency",
  howToRead:
    'For each case, the hollow dot is the ideal makespan of an iteration (the strategy\'s own schedule replayed over the ' +
    'latencies the target really applied, with zero client cost) and the filled dot is what was measured; both are ' +
    'medians over iterations, on a log axis. The number is the efficiency, ideal / measured: 1.00 means the strategy ' +
    'lost nothing to the client, the harness or the machine; a long bar means time went somewhere the schedule does ' +
    'not explain (CPU, connection set-up, queueing).',
  build(report) {
    const label = caseLabeller(report);
    const rows = chartedCases(report)
      .map((result) => ({
        case: label(result),
        measured: result.makespanMs.median,
        ideal: result.idealMs.median,
        efficiency: result.efficiency,
      }))
      .sort((a, b) => b.efficiency - a.efficiency);
    const y = { field: 'case', type: 'nominal', sort: rows.map((row) => row.case), title: null, axis: { labelLimit: 300 } };
    const x = { type: 'quantitative', scale: { type: 'log' }, title: 'makespan of an iteration (ms, median, log scale)' };
    const body = {
      data: { values: rows },
      width: 460,
      height: { step: 18 },
      layer: [
        { mark: { type: 'rule', color: '#999' }, encoding: { y, x: { field: 'ideal', ...x }, x2: { field: 'measured' } } },
        {
          transform: [{ fold: ['ideal', 'measured'], as: ['kind', 'ms'] }],
          mark: { type: 'point', size: 60, tooltip: true },
          encoding: {
            y,
            x: { field: 'ms', ...x },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['ideal', 'measured'], range: ['#4c78a8', '#e45756'] } },
            fill: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['ideal', 'measured'], range: ['white', '#e45756'] } },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 8, fontSize: 10 },
          encoding: { y, x: { field: 'measured', ...x }, text: { field: 'efficiency', type: 'quantitative', format: '.2f' } },
        },
      ],
    };
    const subtitle = ['hollow: replayed ideal, filled: measured, label: efficiency (ideal / measured)'];
    return framed(report, this.title, [...subtitle, ...notCharted(report)], body);
  },
};
