import { runTask } from '../../workers/pool.js';
import type { SheetRow } from './sheet.js';

/**
 * Reads a CSV or Excel workbook (first sheet) into rows keyed by column. Header problems (unknown or
 * missing columns) stop here; cell problems are for `planImport`, which reports every one. Read on a
 * worker thread: unpacking and parsing a large sheet takes CPU that requests need.
 */
export const parseSpreadsheet = (bytes: Uint8Array, filename = ''): Promise<SheetRow[]> => runTask('registrySheet', { bytes, filename });
