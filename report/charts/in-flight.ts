import type { CaseReport, Report } from '../schema.ts';
import { downsampleTimeline, type Timeline } from '../timeline.ts';
import { chartedCases, framed, NO_CHARTED_CASE, notCharted, type ChartDefinition } from './chart.ts';

/** A panel stays readable with a few hundred steps; longer timelines are merged keeping each span's peak. */
const MAX_POINTS = 400;

function points(timeline: Timeline): { t: number; inFlight: number }[] {
  const { bucketMs, values } = downsampleTimeline(timeline, MAX_POINTS);
  return values.map((inFlight, bucket) => ({ t: bucket * bucketMs, inFlight }));
}

/** A panel's title: every panel names its concurrency, since strategies differ in what C they ran at. */
const panelLabel = (result: CaseReport) => `${result.strategy}/${result.client} C=${result.concurrency}`;

/**
 * One case per strategy: with the report's first client when it ran that strategy, at its largest
 * concurrency, so every panel shows the same client where it can.
 */
function panelCases(report: Report): CaseReport[] {
  const withTimeline = chartedCases(report).filter((result) => (result.target.inFlightTimeline?.values.length ?? 0) > 0);
  const panels: CaseReport[] = [];
  for (const strategy of new Set(withTimeline.map((result) => result.strategy))) {
    const candidates = withTimeline.filter((result) => result.strategy === strategy);
    const preferred = candidates.filter((result) => result.client === report.config.clients[0]);
    const pool = preferred.length ? preferred : candidates;
    panels.push(pool.reduce((best, result) => (result.concurrency > best.concurrency ? result : best)));
  }
  return panels;
}

/** Chart 3: requests in flight at the target during the last measured iteration, a panel per strategy. */
export const inFlightChart: ChartDefinition = {
  name: 'in-flight',
  title: 'In flight over time',
  summary: 'requests in flight at the target during one iteration, a panel per strategy',
  howToRead:
    'How many requests the target was serving at each moment of one iteration (the last measured one), as the target ' +
    'itself counted them, one panel per strategy. A pool shows a plateau at its limit C; batches show a sawtooth (each ' +
    'batch waits for its slowest request before the next starts); Promise.all and a barrier burst show one spike of ' +
    'every request at once; one-at-a-time strategies stay at 1. Each panel has its own scales.',
  nothingToDraw(report) {
    if (chartedCases(report).length === 0) return NO_CHARTED_CASE;
    return panelCases(report).length === 0 ? 'no charted case has an in-flight timeline' : undefined;
  },
  build(report) {
    const panels = panelCases(report);
    const rows = panels.flatMap((result) => {
      const timeline = result.target.inFlightTimeline!;
      const panel = panelLabel(result);
      return points(timeline).map((point) => ({ panel, ...point }));
    });
    const charted = new Set(panels.map((result) => result.strategy));
    const without = chartedCases(report)
      .filter((result) => !charted.has(result.strategy))
      .map((result) => `${result.id} (no timeline)`);
    const body = {
      data: { values: rows },
      columns: 3,
      facet: {
        field: 'panel',
        type: 'nominal',
        title: null,
        sort: panels.map(panelLabel),
      },
      spec: {
        width: 210,
        height: 110,
        mark: { type: 'area', interpolate: 'step-after', line: true, opacity: 0.6 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time in the iteration (ms)' },
          y: { field: 'inFlight', type: 'quantitative', title: 'in flight at the target', axis: { labelExpr: "datum.value % 1 == 0 ? format(datum.value, 'd') : ''" } },
        },
      },
      resolve: { scale: { x: 'independent', y: 'independent' } },
    };
    const subtitle = ['requests the target was serving, last measured iteration, 1 panel per strategy (own scales)'];
    return framed(report, this.title, [...subtitle, ...notCharted(report, without)], body);
  },
};
