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
  private readonly places = new Map<string, number>();

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

  /**
   * Takes one of `limit` places an owner (a user) may hold at once, or answers false when
   * all are taken. A place is held from before the job's input is received until the job
   * ends (`releasePlace`), so input being written to disk counts as much as a queued job.
   */
  takePlace(owner: string, limit: number): boolean {
    const held = this.places.get(owner) ?? 0;
    if (held >= limit) return false;
    this.places.set(owner, held + 1);
    return true;
  }

  releasePlace(owner: string): void {
    const held = (this.places.get(owner) ?? 0) - 1;
    if (held > 0) this.places.set(owner, held);
    else this.places.delete(owner);
  }

  /** Resolves when every job queued so far has ended. */
  async idle(): Promise<void> {
    while (this.running > 0) await this.tail;
  }
}
