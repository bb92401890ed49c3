import { dirname } from 'node:path';
import type { Exporter, ExportContext, ExportRequest } from './exporter.ts';
import { baselineExporter } from './exporters/baseline.ts';
import { bencherExporter } from './exporters/bencher.ts';
import { githubActionBenchmarkExporter } from './exporters/github-action-benchmark.ts';
import { htmlExporter } from './exporters/html.ts';
import { jsonExporter } from './exporters/json.ts';
import { markdownExporter } from './exporters/markdown.ts';
import { tableExporter } from './exporters/table.ts';
import { RESULTS_DIR } from './results-folder.ts';
import { UsageError } from '../cli/usage-error.ts';

export { bencherMetricFormat } from './exporters/bencher.ts';
export { githubActionBenchmark } from './exporters/github-action-benchmark.ts';
export type { Exporter, ExportContext, ExportOptions, ExportRequest } from './exporter.ts';

/** Every output a run can write, in --help's order. A new format is a file in exporters/ and a line here. */
export const EXPORTERS: readonly Exporter[] = [
  jsonExporter,
  tableExporter,
  markdownExporter,
  htmlExporter,
  baselineExporter,
  githubActionBenchmarkExporter,
  bencherExporter,
];

export const EXPORT_FORMATS: readonly string[] = EXPORTERS.map((exporter) => exporter.format);
export type ExportFormat = string;

/** The file name "-": the output goes to stdout. */
export const STDOUT = '-';

export function findExporter(format: string): Exporter | undefined {
  return EXPORTERS.find((exporter) => exporter.format === format);
}

const hasDefault = (format: string) => findExporter(format)?.defaultPath !== undefined;
const needFile = () => EXPORTERS.filter((exporter) => !exporter.defaultPath).map((exporter) => exporter.format);
const haveDefault = () => EXPORTERS.filter((exporter) => exporter.defaultPath).map((exporter) => exporter.format);

/**
 * The value of one --export: `FORMAT` (its default file), `FORMAT=FILE`, or `FORMAT=-` (stdout). A format
 * of another tool has no default file, so it needs one.
 */
export function parseExportFlag(raw: string): ExportRequest {
  const at = raw.indexOf('=');
  const format = at < 0 ? raw : raw.slice(0, at);
  const file = at < 0 ? undefined : raw.slice(at + 1);
  const exporter = findExporter(format);
  if (!exporter) {
    throw new UsageError(
      `--export takes FORMAT FILE with FORMAT one of ${needFile().join(', ')}, got "${raw.replace('=', ' ')}"; ` +
        `or FORMAT[=FILE] with FORMAT one of ${haveDefault().join(', ')}, which have a default FILE`,
    );
  }
  if (!exporter.defaultPath && !file) throw new UsageError(`--export takes FORMAT FILE for ${format}, which has no default file, got "${raw.replace('=', ' ')}"`);
  if (file === '') throw new UsageError(`--export ${format}= has an empty file name; give ${format}=FILE, or ${format} alone for its default file`);
  if (file === STDOUT && !exporter.render) throw new UsageError(`--export ${format} writes ${exporter.files?.(format).length ?? 'several'} files, so it cannot go to stdout ("-"); give a file name`);
  return file === undefined ? { format } : { format, file };
}

/**
 * `--export FORMAT FILE` takes two words; util.parseArgs takes one, so they are joined into FORMAT=FILE
 * first. The next word is FORMAT's file unless it is a flag: then a format with a default file stands
 * alone (`--export html --json`), and one without had its file forgotten (`--export bencher --json`).
 * `--export FORMAT=FILE` is one word already.
 */
export function joinExportWords(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [format, next] = [argv[i + 1], argv[i + 2]];
    if (argv[i] !== '--export' || format === undefined || format.startsWith('-') || format.includes('=') || next === undefined) {
      out.push(argv[i]!);
      continue;
    }
    if (next.startsWith('--')) {
      if (!hasDefault(format)) {
        throw new UsageError(`--export ${format} needs a file name, got the flag "${next}"; for a file whose name starts with "-" write --export=${format}=FILE`);
      }
      out.push('--export', format);
      i += 1;
    } else {
      out.push('--export', `${format}=${next}`);
      i += 2;
    }
  }
  return out;
}

/** What --export FORMAT writes to when no FILE is given, as --help says it. */
export function defaultForHelp(exporter: Exporter): string {
  if (!exporter.defaultPath) return 'FILE must be given';
  const path = exporter.defaultPath({ reportDir: '<report folder>', suite: '<suite>', stamp: '<timestamp>' });
  return `FILE defaults to ${path.replace(RESULTS_DIR, 'results')}`;
}

/** The flags that choose a run's outputs: the shorthands and the --export list. */
export interface OutputFlags {
  out?: string;
  json: boolean;
  html: boolean;
  saveBaseline: boolean;
  exports: ExportRequest[];
}

/** One output of a run: what to write, where (none: the exporter's default), and the flag that asked for it. */
export interface PlannedOutput {
  exporter: Exporter;
  file?: string;
  /** "--out", "--export bencher", ...: the start of a message about this output. */
  via: string;
}

/**
 * The outputs of a run, from its flags. The shorthands are exports: --out FILE is json=FILE, --json is
 * json=- (stdout), --html is html, --save-baseline is baseline. The JSON report is always written: to its
 * default file when no json export names a file. Stdout gets the table when nothing else goes there.
 * Files come first, in this order (the report, --html, --save-baseline, each --export), then stdout.
 */
export function outputsOf(flags: OutputFlags): PlannedOutput[] {
  const asked: Array<[ExportRequest, string]> = [
    ...(flags.out === undefined ? [] : [[{ format: 'json', file: flags.out }, '--out'] as [ExportRequest, string]]),
    ...(flags.html ? [[{ format: 'html' }, '--html'] as [ExportRequest, string]] : []),
    ...(flags.saveBaseline ? [[{ format: 'baseline' }, '--save-baseline'] as [ExportRequest, string]] : []),
    ...flags.exports.map((request): [ExportRequest, string] => [request, `--export ${request.format}`]),
    ...(flags.json ? [[{ format: 'json', file: STDOUT }, '--json'] as [ExportRequest, string]] : []),
  ];
  if (!asked.some(([request]) => request.format === 'json' && request.file !== STDOUT)) asked.unshift([{ format: 'json' }, 'results folder']);
  if (!asked.some(([request]) => request.file === STDOUT)) asked.push([{ format: 'table', file: STDOUT }, 'stdout']);
  const outputs = asked.map(([request, via]): PlannedOutput => {
    const exporter = findExporter(request.format);
    if (!exporter) throw new UsageError(`${via}: unknown format "${request.format}"; valid: ${EXPORT_FORMATS.join(', ')}`);
    return { exporter, via, ...(request.file === undefined ? {} : { file: request.file }) };
  });
  return [...outputs.filter((output) => output.file !== STDOUT), ...outputs.filter((output) => output.file === STDOUT)];
}

/** Whether stdout gets the table, which the files written then follow (not a report in JSON, say). */
export function stdoutIsTheTable(outputs: PlannedOutput[]): boolean {
  return outputs.some((output) => output.file === STDOUT && output.exporter === tableExporter);
}

/** Before the run its report has no time yet; a default file named by it is checked under this name. */
export const PENDING_STAMP = 'timestamp';

/** The context of the run's default paths: its report's folder is that of the first json output with a file. */
export function exportContext(outputs: PlannedOutput[], suite: string, stamp: string): ExportContext {
  const report = outputs.find((output) => output.exporter === jsonExporter && output.file !== STDOUT);
  const reportFile = report ? (report.file ?? jsonExporter.defaultPath!({ reportDir: RESULTS_DIR, suite, stamp })) : undefined;
  return { reportDir: reportFile ? dirname(reportFile) : RESULTS_DIR, suite, stamp };
}

/** Where an output goes: its file, else its exporter's default ("-": stdout). */
export function pathOf(output: PlannedOutput, context: ExportContext): string {
  if (output.file !== undefined) return output.file;
  if (!output.exporter.defaultPath) throw new Error(`${output.via}: ${output.exporter.format} has no default file`);
  return output.exporter.defaultPath(context);
}
