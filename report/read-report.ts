import { readFile } from 'node:fs/promises';
import { reportProblems, SCHEMA_VERSION, type Report } from './schema.ts';

/** Why a file is not a report this fanout can read, in one line. */
export class ReportReadError extends Error {
  override name = 'ReportReadError';
}

/** Reads and validates a report; refuses another schema version, naming both. */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportReadError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ReportReadError(`${path} is not JSON`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new ReportReadError(`${path} has schemaVersion ${JSON.stringify(version)}; this fanout reads schemaVersion ${SCHEMA_VERSION}`);
  }
  const problems = reportProblems(value);
  if (problems.length > 0) throw new ReportReadError(`${path} is not a valid fanout report: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`);
  return value as Report;
}
