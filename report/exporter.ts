import type { Report } from './schema.ts';
import type { GroupBy } from './table.ts';

// Every output of a run (the JSON report, the table, markdown, HTML, the committed baseline, another
// tool's format) is an Exporter: one object in one file under report/exporters/, listed once in
// report/exporters.ts. The command line (--export FORMAT[=PATH] and its shorthands), the checks before a
// run and the writing after it go through this interface only, so none of them names a format.

/** One output asked for: a format, and the file it goes to (none: the exporter's default; "-": stdout). */
export interface ExportRequest {
  format: string;
  file?: string;
}

/** What a default path may depend on: known before the run (for the checks) as well as after it. */
export interface ExportContext {
  /** The folder of the run's JSON report: --out's folder, else results/. Outputs "next to the report" go here. */
  reportDir: string;
  /** The suite's name (the baseline is results/baseline/<suite>.json). */
  suite: string;
  /** The report's time as a file name (results/<stamp>.json); before the run, a stand-in. */
  stamp: string;
}

/** How the run was asked to show its results, for outputs that lay them out (the table's grouping). */
export interface ExportOptions {
  groupBy?: GroupBy;
  /** How the table is laid out (table.ts, TableOptions); the writer sets it for stdout from `terminal`. */
  layout?: 'wide' | 'compact';
  width?: number;
  /** The table on stdout: compact unless --wide, fitted to the terminal's width when it is one. */
  terminal?: { layout: 'wide' | 'compact'; width?: number };
}

export interface Exporter {
  /** The word after --export: json, html, bencher, ... */
  readonly format: string;
  /** One line for --help: what it writes. */
  readonly summary: string;
  /** What it is in a message: "could not write the HTML report FILE: ENOSPC". */
  readonly noun: string;
  /**
   * Where it writes when --export names no file. Absent: a file must be given (another tool's format has
   * no place of its own in results/).
   */
  defaultPath?(context: ExportContext): string;
  /** Every file one export to `path` writes, each checked before the run. Absent: just `path`. */
  files?(path: string): string[];
  /** The output as one text: written to a file atomically, or to stdout for "-". */
  render?(report: Report, options: ExportOptions): string | Promise<string>;
  /**
   * Writes it to `path` when it is not one text in one file (two files; a fallback); returns the files
   * written. Absent: `render` written to `path` atomically. A failure throws.
   */
  write?(report: Report, path: string, options: ExportOptions): Promise<string[]>;
}
