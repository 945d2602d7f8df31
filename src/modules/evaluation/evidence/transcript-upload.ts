/**
 * An uploaded transcript read on a worker thread: unpacking and reading a Word document takes CPU that
 * requests need. The reading itself is transcript-file.ts (the worker's task), which imports no pool.
 */
import { runTask } from '../../../workers/pool.js';
import type { TranscriptText } from './transcript-file.js';

/** The transcript's text, read on a worker thread. */
export const readTranscriptFile = (bytes: Buffer, fileName = ''): Promise<TranscriptText> => runTask('transcript', { bytes, fileName });
