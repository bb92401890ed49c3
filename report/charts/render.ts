import { writeFileAtomic } from '../atomic-write.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Report } from '../schema.ts';
import { FONT_FAMILY, nothingToDraw, type ChartDefinition } from './chart.ts';
import { CHARTS } from './index.ts';
import { readFontWidths, textWidth } from './text-metrics.ts';

// The PNGs load DejaVu from the dejavu-fonts-ttf package instead of system fonts, so text renders the same
// on a bare CI machine as on a laptop.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((file) => join(fontDir, file));

// vega lays text out with these widths (its typings omit textMetrics; it is the documented hook that
// headless renderers such as vl-convert set). A label with a limit is cut to it, so it is never wider.
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}
const [regular, bold] = [FONT_FILES[0]!, FONT_FILES[1]!].map(readFontWidths) as [ReturnType<typeof readFontWidths>, ReturnType<typeof readFontWidths>];
const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text?: string) => number } };
textMetrics.width = (item, text) => {
  const weight = item.fontWeight;
  const font = weight === 'bold' || Number(weight) >= 600 ? bold : regular;
  const width = textWidth(font, String(text ?? '').trim(), item.fontSize ?? 11);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
};

/** Twice the SVG's size: crisp in an article and on a high-density screen. */
const PNG_ZOOM = 2;

export interface RenderedChart {
  definition: ChartDefinition;
  spec: TopLevelSpec;
  svg: string;
  /**
   * What Vega-Lite and Vega warned about while compiling and rendering (a spec mistake shows up here); for
   * a chart with nothing to draw, only that, in one line.
   */
  warnings: string[];
  /** Why the chart has nothing to draw (it is still rendered, an empty frame with its title and footnote). */
  empty?: string;
}

/** A logger that keeps warnings for the caller instead of printing them in the middle of a run's output. */
function collectingLogger(warnings: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      const message = args.map(String).join(' ');
      // Vega-Lite's optimiser says when it stopped merging data-flow nodes; nothing about the chart.
      if (!message.startsWith('Maximum optimization runs')) warnings.push(message);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as vega.LoggerInterface;
}

/** Vega-Lite -> Vega -> SVG, headless: vega's SVG string renderer needs no browser and no canvas. */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const logger = collectingLogger(warnings);
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
  });
  return resvg.render().asPng();
}

/** Every chart of the report as a spec and an SVG. */
export async function renderCharts(report: Report): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const definition of CHARTS) {
    const spec = definition.build(report);
    const empty = nothingToDraw(definition, report);
    const warnings: string[] = [];
    // Vega's warnings about an empty chart (infinite extents, a log domain with 0) only say it is empty.
    const svg = await renderSvg(spec, empty === undefined ? warnings : []);
    rendered.push(empty === undefined ? { definition, spec, svg, warnings } : { definition, spec, svg, warnings: [`nothing to draw: ${empty}`], empty });
  }
  return rendered;
}

/** Writes <name>.svg, <name>.png and <name>.vl.json for each chart into dir; returns the paths. */
export async function writeCharts(charts: RenderedChart[], dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const { definition, spec, svg } of charts) {
    const files: [string, string | Buffer][] = [
      [`${definition.name}.svg`, svg],
      [`${definition.name}.png`, renderPng(svg)],
      [`${definition.name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`],
    ];
    for (const [file, content] of files) {
      await writeFileAtomic(join(dir, file), content);
      written.push(join(dir, file));
    }
  }
  return written;
}
