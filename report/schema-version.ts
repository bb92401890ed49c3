/** The report format's version; its own module, so writing a report's header does not load the schema library. */
export const SCHEMA_VERSION = 2;

/** The oldest version this fanout reads, upgrading it as it reads (report/upgrade-report.ts). */
export const OLDEST_READABLE_VERSION = 1;
