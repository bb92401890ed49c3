import type { TSchema } from '@sinclair/typebox';
import { Report } from './schema.ts';
import { SCHEMA_VERSION } from './schema-version.ts';

// Older reports this fanout still reads, upgraded on reading to the current shape, so compare, chart and
// the HTML report read the committed baselines and reports written before a change of the format.

/** The oldest schemaVersion readReport upgrades; SCHEMA_VERSION is the newest. */
export const OLDEST_READABLE_VERSION: number = 1;

/**
 * Version 1 kept a case's problems and warnings as free text; version 2 types them ({ kind, data, message }).
 * A line of text becomes a `note`: its kind and figures were never recorded, its sentence stays as it was.
 */
function typedIssues(report: Record<string, unknown>): void {
  const cases = report.cases;
  if (!Array.isArray(cases)) return;
  for (const result of cases as unknown[]) {
    if (result === null || typeof result !== 'object') continue;
    for (const key of ['problems', 'warnings'] as const) {
      const lines = (result as Record<string, unknown>)[key];
      if (!Array.isArray(lines)) continue;
      // Anything but text is left as it is, for the schema to name.
      (result as Record<string, unknown>)[key] = lines.map((line: unknown) => (typeof line === 'string' ? { kind: 'note', data: {}, message: line } : line));
    }
  }
}

/**
 * Version 2 also named the config's settings as the flags are (timeout, not timeoutMs): a field the schema
 * marks `formerly: 'oldName'` is taken from its old name.
 */
function renameFormer(schema: TSchema, value: unknown): void {
  if (schema.type !== 'object' || typeof value !== 'object' || value === null) return;
  const object = value as Record<string, unknown>;
  for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const former = property.formerly as string | undefined;
    if (former !== undefined && !(key in object) && former in object) {
      object[key] = object[former];
      delete object[former];
    }
    renameFormer(property, object[key]);
  }
}

/** One step per version: the step from version v to v + 1 is UPGRADES[v]. */
const UPGRADES: Record<number, (report: Record<string, unknown>) => void> = {
  1: (report) => {
    typedIssues(report);
    renameFormer(Report.properties.config, report.config);
  },
};

/**
 * Brings a parsed report of a readable older version up to SCHEMA_VERSION, in place, step by step; a
 * report of the current version is left as it is. The caller checks the version is readable first.
 */
export function upgradeReport(report: Record<string, unknown>): void {
  for (let version = report.schemaVersion as number; version < SCHEMA_VERSION; version++) {
    UPGRADES[version]!(report);
    report.schemaVersion = version + 1;
  }
}
