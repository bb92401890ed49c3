/** The report format's version; its own module, so writing a report's header does not load the schema library. */
export const SCHEMA_VERSION = 1;
