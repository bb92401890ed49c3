import type { TopLevelSpec } from 'vega-lite';
import type { CaseReport, Report } from '../schema.ts';
import { describeRun } from '../describe-run.ts';

/** The family the SVGs name and the PNG renderer loads from the bundled DejaVu files. */
export const FONT_FAMILY = 'DejaVu Sans';

/** One chart of a report: its file name, what it shows, how to read it, and its Vega-Lite spec. */
export interface ChartDefinition {
  /** File stem: <name>.svg, <name>.png, <name>.vl.json. */
  name: string;
  title: string;
  /** What it draws, for `npm run chart -- --help`: a line (a second one, after a newline, at most). */
  summary: string;
  /** A short paragraph for the HTML report and the README. */
  howToRead: string;
  build(report: Report): TopLevelSpec;
  /**
   * Why the chart has nothing to draw for this report, or undefined when it has something; without it, a
   * chart has nothing to draw when no case is charted (chartedCases). Drawn from no data, Vega warns in a
   * dozen lines about infinite extents; this says it once.
   */
  nothingToDraw?(report: Report): string | undefined;
}

export const NO_CHARTED_CASE = 'no case is ok and measured';

/** Why `definition` has nothing to draw for `report` (see ChartDefinition.nothingToDraw), or undefined. */
export function nothingToDraw(definition: ChartDefinition, report: Report): string | undefined {
  if (definition.nothingToDraw) return definition.nothingToDraw(report);
  return chartedCases(report).length === 0 ? NO_CHARTED_CASE : undefined;
}

/** Cases with figures to draw: ok and measured at least once. */
export function chartedCases(report: Report): CaseReport[] {
  return report.cases.filter((result) => result.state === 'ok' && result.iterations > 0);
}

/**
 * "strategy/client" (or just "strategy" without the client), with " C=…" when the report has that name at
 * more than one concurrency.
 */
export function caseLabeller(report: Report, withClient = true): (result: CaseReport) => string {
  const name = (result: CaseReport) => (withClient ? `${result.strategy}/${result.client}` : result.strategy);
  const seen = new Map<string, Set<number>>();
  for (const result of report.cases) seen.set(name(result), (seen.get(name(result)) ?? new Set()).add(result.concurrency));
  return (result) => (seen.get(name(result))!.size > 1 ? `${name(result)} C=${result.concurrency}` : name(result));
}

/** The run's environment in one line: every chart carries it, so a picture never travels without it. */
export function footnote(report: Report): string {
  return describeRun(report).footnote;
}

/** What a chart could not draw, so it says so instead of dropping cases silently. */
export function notCharted(report: Report, extra: string[] = []): string[] {
  const left = report.cases.filter((result) => !(result.state === 'ok' && result.iterations > 0));
  const lines = left.map((result) => `${result.id} (${result.state})`);
  const all = [...lines, ...extra];
  return all.length === 0 ? [] : [`not charted: ${all.join(', ')}`];
}

/**
 * The chart's body under its title and subtitle lines with the footnote in a view below, on a white
 * background so the PNG reads on any page. Legends stay with the body (independent), so the footnote's
 * width does not push them away.
 */
export function framed(report: Report, title: string, subtitle: string[], body: Record<string, unknown>): TopLevelSpec {
  const note = {
    data: { values: [{}] },
    width: 10,
    height: 12,
    view: { stroke: null },
    mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 10, color: '#555' },
    encoding: { x: { value: 0 }, y: { value: 0 }, text: { value: footnote(report) } },
  };
  const independent = Object.fromEntries(['color', 'fill', 'stroke', 'shape', 'size', 'strokeDash', 'opacity'].map((channel) => [channel, 'independent']));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: subtitle.length ? subtitle : undefined, anchor: 'start', fontSize: 16 },
    background: 'white',
    padding: 12,
    vconcat: [body, note],
    resolve: { legend: independent },
    config: {
      font: FONT_FAMILY,
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
      header: { labelFontSize: 12, titleFontSize: 12 },
      concat: { spacing: 16 },
    },
  } as TopLevelSpec;
}
