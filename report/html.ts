import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import { renderCharts, type RenderedChart } from './charts/render.ts';
import { describeRun, type RunFacts } from './describe-run.ts';
import type { CaseReport, Report } from './schema.ts';
import { tableData, type TableOptions } from './table.ts';

// One self-contained report.html for write-ups: inline CSS and inline SVG, no scripts and no URLs, so the
// file opens the same from a disk, a CI artifact or an e-mail, and loads nothing from anywhere.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. Every string from a report goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A multi-line string ("\n" between lines, as the table cells are) with the lines after the first muted. */
function lines(text: string): string {
  const [first = '', ...rest] = text.split('\n').map(escapeHtml);
  return [first, ...rest.map((line) => `<span class="sub">${line}</span>`)].join('<br>');
}

const list = (items: string[], className = '') =>
  items.length === 0 ? '' : `<ul${className ? ` class="${className}"` : ''}>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

/**
 * A case's problems, each item marked with its kind (data-kind) so a page script or a reader of the source
 * can pick them out; a note (a report from before problems were typed) has no kind to give.
 */
const problemList = (problems: CaseReport['problems']) =>
  problems.length === 0
    ? ''
    : `<ul>${problems.map((p) => `<li${p.kind === 'note' ? '' : ` data-kind="${escapeHtml(p.kind)}"`}>${escapeHtml(p.message)}</li>`).join('')}</ul>`;

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 36px 48px; background: #fff; min-height: 100vh; }
h1 { margin: 0; font-size: 1.7rem; }
h2 { margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; font-size: 1.3rem; }
h3 { margin: 0 0 6px; font-size: 1rem; }
.subtitle { margin: 2px 0 16px; color: #57606a; }
nav a { color: #0b5cad; margin-right: 16px; text-decoration: none; }
.banner { margin: 16px 0; padding: 10px 14px; border: 1px solid #d4a72c; border-radius: 6px; background: #fff8c5; }
.env { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 20px 32px; }
dl { display: grid; grid-template-columns: fit-content(55%) minmax(0, 1fr); gap: 2px 14px; margin: 0; font-size: 14px; }
dt { color: #57606a; }
dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table.results { width: 100%; border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
.results th, .results td { padding: 5px 8px; border-bottom: 1px solid #d8dee4; vertical-align: top; text-align: left; }
.results thead th { background: #f6f8fa; border-bottom: 2px solid #d0d7de; font-weight: 600; white-space: nowrap; }
.results .num { text-align: right; white-space: nowrap; }
.results tbody tr:nth-child(even) td { background: #fafbfc; }
.results tr.group th { background: #eaeef2; }
.results tr.not-ok td { background: #ffebe9; }
.sub { color: #57606a; font-size: 12px; }
.notes { color: #3d444d; font-size: 14px; padding-left: 20px; }
.failure { margin: 12px 0; padding: 10px 14px; border-left: 4px solid #cf222e; background: #fff5f5; }
.failure ul { margin: 4px 0 0; padding-left: 20px; }
figure { margin: 28px 0 40px; }
figcaption h3 { font-size: 1.1rem; }
figure svg { display: block; max-width: 100%; height: auto; }
.how { margin: 8px 0 0; color: #3d444d; font-size: 14px; max-width: 80ch; }
.chart-warnings { color: #9a6700; font-size: 13px; }
footer { margin-top: 40px; color: #57606a; font-size: 13px; }
`;

/** Links to the sections, the cases not ok only when there are some. */
function nav(report: Report): string {
  const failures = report.cases.some((c) => c.state !== 'ok') ? '<a href="#failures">Cases not ok</a>' : '';
  return `<nav><a href="#environment">Environment</a><a href="#results">Results</a>${failures}<a href="#charts">Charts</a></nav>`;
}

function heading(report: Report): string {
  const run = describeRun(report);
  return (
    `<h1>${escapeHtml(run.title)}</h1>` +
    `<p class="subtitle">${[run.date, run.caseCount, ...run.machine].map(escapeHtml).join(' · ')}</p>` +
    nav(report)
  );
}

function partialBanner(report: Report): string {
  if (!report.partial) return '';
  return (
    '<p class="banner" role="alert"><strong>Partial report:</strong> the run was interrupted, ' +
    'so it holds only the cases that finished before that.</p>'
  );
}

/** A titled definition list; every term and value is report text or a figure, so both are escaped. */
function facts({ title, facts: entries }: RunFacts): string {
  const rows = entries.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  return `<section><h3>${escapeHtml(title)}</h3><dl>${rows}</dl></section>`;
}

/** The run's description (describeRun) as definition lists: machine, run, target, libraries. */
function environment(report: Report): string {
  return `<h2 id="environment">Environment</h2><div class="env">${describeRun(report).sections.map(facts).join('')}</div>`;
}

/** The terminal table's columns and figures (tableData), as an HTML table with one row per case. */
function resultsTable(report: Report, options: TableOptions): string {
  const data = tableData(report, options);
  const align = data.columns.map((column) => (column.align === 'right' ? ' class="num"' : ''));
  const head = data.columns.map((column, i) => `<th scope="col"${align[i]}>${column.head.split('\n').map(escapeHtml).join('<br>')}</th>`).join('');
  const body = data.rows
    .map((row) => {
      if ('group' in row) return `<tr class="group"><th colspan="${data.columns.length}">${escapeHtml(row.group)}</th></tr>`;
      const cells = row.cells.map((cell, i) => `<td${align[i]}>${lines(cell)}</td>`).join('');
      return `<tr class="case${row.result.state === 'ok' ? '' : ' not-ok'}" data-case="${escapeHtml(row.result.id)}">${cells}</tr>`;
    })
    .join('\n');
  const table = `<div class="table-wrap"><table class="results" id="results-table"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  return `<h2 id="results">Results</h2>${table}${list(data.notes, 'notes')}`;
}

/** Every case that failed or was aborted, with all of its problems (the terminal shows three). */
function failures(report: Report): string {
  const failed = report.cases.filter((c) => c.state !== 'ok');
  if (failed.length === 0) return '';
  const one = (c: CaseReport) =>
    `<div class="failure"><h3>${escapeHtml(c.id)}: ${escapeHtml(c.state)}</h3>` +
    problemList(c.problems) +
    (c.errors.samples.length ? `<p class="sub">error samples</p>${list(c.errors.samples)}` : '') +
    '</div>';
  return `<h2 id="failures">Cases not ok (${failed.length})</h2>${failed.map(one).join('')}`;
}

/**
 * A chart's SVG ready to sit inline next to the others. Each SVG numbers its clip paths from clip1, so their
 * ids are prefixed per chart (else the first chart's clips would apply to all); the namespace declarations
 * go, since the HTML parser puts an inline <svg> in its namespace anyway and the page then holds no URL.
 * Only tags are rewritten: text in the SVG is already escaped by vega.
 */
function inlineSvg(svg: string, prefix: string, label: string): string {
  const scoped = svg.replace(/<[^>]+>/g, (tag) =>
    tag
      .replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`),
  );
  return scoped.replace(/^<svg\b[^>]*>/, (open) =>
    open.replace(/\sxmlns(:\w+)?="[^"]*"/g, '').replace(/^<svg/, `<svg role="img" aria-label="${escapeHtml(label)}"`),
  );
}

function figure(chart: RenderedChart): string {
  const { name, title, howToRead } = chart.definition;
  const warnings = chart.warnings.length ? `<p class="chart-warnings">Warnings while drawing this chart:</p>${list(chart.warnings, 'chart-warnings')}` : '';
  return (
    `<figure id="chart-${escapeHtml(name)}"><figcaption><h3>${escapeHtml(title)}</h3></figcaption>` +
    inlineSvg(chart.svg, `chart-${name}`, title) +
    `<p class="how"><strong>How to read this.</strong> ${escapeHtml(howToRead)}</p>${warnings}</figure>`
  );
}

/** The whole report.html: heading, partial banner, environment, results, cases not ok, then the charts. */
export function renderHtml(report: Report, charts: RenderedChart[], options: TableOptions = {}): string {
  const title = `fanout report: suite ${report.config.suite}, ${describeRun(report).date}`;
  const body = [
    heading(report),
    partialBanner(report),
    environment(report),
    resultsTable(report, options),
    failures(report),
    `<h2 id="charts">Charts</h2>${charts.map(figure).join('\n')}`,
    `<footer>Made by fanout from the report of ${escapeHtml(report.meta.createdAt)} (schema ${report.schemaVersion}).</footer>`,
  ];
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n` +
    `<body>\n<main>\n${body.filter(Boolean).join('\n')}\n</main>\n</body>\n</html>\n`
  );
}

/** Writes dir/report.html from charts already rendered (the chart command has them); returns its path. */
export async function writeHtmlFile(report: Report, charts: RenderedChart[], dir: string): Promise<string> {
  const path = join(dir, 'report.html');
  await writeFileAtomic(path, renderHtml(report, charts));
  return path;
}

/** Renders the report's charts and writes dir/report.html; returns its path. */
export async function writeHtmlReport(report: Report, dir: string): Promise<string> {
  return writeHtmlFile(report, await renderCharts(report), dir);
}
