/** The file types the import reads; the web shell's picker offers these. */
export const IMPORT_ACCEPT = '.xlsx,.xls,.csv,.txt';

/** The largest file the core imports (its DEFAULT_TABLE_LIMITS.maxFileBytes); bigger ones are refused early. */
export const MAX_IMPORT_BYTES = 128 * 1024 * 1024;
