import type { TSchema } from '@sinclair/typebox';
import { Report } from './schema.ts';

// Version 2 named the config's settings as the flags are named (timeout, not timeoutMs). A field the
// schema marks `formerly: 'oldName'` is read from its old name in an older report, so compare, chart and
// the HTML read a report of either version as the current one.

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

/** A report of an older version that this one reads, as the current version (in place). */
export function upgradeReport(value: Record<string, unknown>, version: number): void {
  if (version < 2) renameFormer(Report.properties.config, value.config);
  value.schemaVersion = Report.properties.schemaVersion.const;
}
