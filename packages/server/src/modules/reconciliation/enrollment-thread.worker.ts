// The enrolment thread of file mode (see enrollment-thread.ts): reads the file through the
// import parser, gathers the records as the engine keeps them, and hands them over.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError } from '../imports/errors';
import { readRecords } from '../imports/parse-rows';
import { EnrollmentGatherer } from './engine/engine';
import { packBuffers } from './engine/store';
import type { EnrollmentThreadInput, EnrollmentThreadMessage } from './enrollment-thread';

const port = parentPort;
if (port === null) throw new Error('enrollment-thread.worker.ts runs only as a worker thread');
const tell = (message: EnrollmentThreadMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const { path, optionalColumns } = (workerData as { input: EnrollmentThreadInput }).input;
try {
  const gatherer = new EnrollmentGatherer();
  const report = await readRecords('enrollment', path, (r) => gatherer.add(r), {
    optionalColumns,
    onError: (error) => tell({ type: 'row-error', error }),
  });
  const gathered = gatherer.gathered();
  tell({ type: 'done', report, gathered }, packBuffers(gathered.columns));
} catch (error) {
  if (error instanceof ImportFileError) {
    tell({ type: 'file-error', code: error.code, file: error.file, messages: error.messages });
  } else {
    tell({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
