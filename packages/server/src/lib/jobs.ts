// Background jobs (imports, reconciliation runs) in the server process. They run one at a
// time: each streams a file or the database through memory-hungry work, and the embedded
// database serves one connection, so two at once would only make both slower. Progress
// lives here in memory as well as in the job's row: while a job holds the embedded
// database in a transaction, a progress request must not wait for the database.

import { logError } from './log-error';

export interface JobProgress {
  phase: string;
  rows: number;
  bytes: number;
}

export class JobRunner {
  private tail: Promise<void> = Promise.resolve();
  private readonly live = new Map<string, JobProgress>();
  private readonly done = new Map<string, Promise<void>>();
  private running = 0;

  /**
   * Queues `work`; it starts when the jobs queued before it have ended. The work records
   * its own outcome (a failed job is a result, not an exception); anything it throws is
   * logged by `onError` and does not stop the queue.
   */
  enqueue(
    key: string,
    work: (progress: JobProgress) => Promise<void>,
    onError: (error: unknown) => void = (error) => logError(`job ${key} failed`, error),
  ): Promise<void> {
    const progress: JobProgress = { phase: 'queued', rows: 0, bytes: 0 };
    this.live.set(key, progress);
    this.running++;
    const run = this.tail.then(async () => {
      try {
        await work(progress);
      } catch (error) {
        onError(error);
      } finally {
        this.live.delete(key);
        this.done.delete(key);
        this.running--;
      }
    });
    this.tail = run;
    this.done.set(key, run);
    return run;
  }

  /** The progress of a job queued or running in this process. */
  progress(key: string): JobProgress | undefined {
    return this.live.get(key);
  }

  /** Resolves when the job has ended (at once when it is not known here). */
  wait(key: string): Promise<void> {
    return this.done.get(key) ?? Promise.resolve();
  }

  /** Resolves when every job queued so far has ended. */
  async idle(): Promise<void> {
    while (this.running > 0) await this.tail;
  }
}
