// File mode reads the enrolment roster on a second thread while the population roster is
// read on the first: reading and parsing the two files is most of a large run, and a
// county's machine has more than one core. The thread hands back the records in columns
// (`EnrollmentPack`), which cross between threads at a fraction of the cost of objects.
import { Worker } from 'node:worker_threads';
import type { ErrorMessage } from '../../errors';
import { ImportFileError, type ImportFileErrorCode, type RowError } from '../imports/errors';
import type { ImportReport } from '../imports/parse-rows';
import type { GatheredEnrollments } from './engine/engine';

export interface EnrollmentThreadInput {
  path: string;
  optionalColumns: readonly string[];
}

/** What the thread tells, in order: the refused rows as found, then the outcome. */
export type EnrollmentThreadMessage =
  | { type: 'row-error'; error: RowError }
  | { type: 'done'; report: ImportReport; gathered: GatheredEnrollments }
  | { type: 'file-error'; code: ImportFileErrorCode; file: string; messages: ErrorMessage }
  | { type: 'failed'; message: string };

export interface EnrollmentReading {
  /** The file's report and records; rejects as the same read on this thread would throw. */
  readonly done: Promise<{ report: ImportReport; gathered: GatheredEnrollments }>;
  /** Stops the thread when its result is no longer wanted. */
  stop(): Promise<void>;
}

const ENTRY = new URL('../../lib/ts-worker.mjs', import.meta.url);
const MODULE = new URL('./enrollment-thread.worker.ts', import.meta.url).href;

/** Starts reading the enrolment file at `path` on a thread of its own. */
export function readEnrollmentOnThread(
  input: EnrollmentThreadInput,
  onRowError?: (error: RowError) => void,
): EnrollmentReading {
  const worker = new Worker(ENTRY, { workerData: { module: MODULE, input } });
  const done = new Promise<{ report: ImportReport; gathered: GatheredEnrollments }>((resolve, reject) => {
    worker.on('message', (message: EnrollmentThreadMessage) => {
      switch (message.type) {
        case 'row-error':
          onRowError?.(message.error);
          return;
        case 'done':
          resolve({ report: message.report, gathered: message.gathered });
          return;
        case 'file-error':
          reject(new ImportFileError(message.code, message.file, message.messages));
          return;
        case 'failed':
          reject(new Error(message.message));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the enrolment thread stopped (exit code ${code})`)));
  });
  const ended = done.finally(() => void worker.terminate());
  // Awaited only once the population is read: until then a failure must not count as unhandled.
  ended.catch(() => undefined);
  return {
    done: ended,
    stop: async () => {
      await worker.terminate();
    },
  };
}
