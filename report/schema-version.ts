/** The report format's version; its own module, so writing a report's header does not load the schema library. */
// 2: a case's problems and warnings are typed ({ kind, data, message }); readReport upgrades version 1.
export const SCHEMA_VERSION = 2;
