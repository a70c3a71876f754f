import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { absenceEscalationJob } from '../absences/escalation';
import { rollCallReminderJob } from '../absences/roll-reminders';
import { caseOverdueJob } from '../cases/cases.overdue';
import { outboundDispatchJob } from '../inbox/inbox.outbound';
import { transferOverdueJob } from '../registry/transfers.overdue';
import { today, type Clock } from '../../lib/clock';
import { logError } from '../../lib/log-error';

// The daily jobs: absence escalation, rolls not taken, overdue cases, handovers left lying,
// the outbound queue. Each is idempotent (it files only what is not filed yet), so running it
// again the same day, or after a crash half-way, changes nothing; job_runs records when it
// last ran and what it did.

export interface DailyJob {
  name: string;
  run(db: Kysely<Database>, countyCode: string, day: string, clock: Clock): Promise<Record<string, unknown>>;
}

/** In order: escalation opens cases, the overdue pass sees them, the dispatcher sends what all filed. */
export const DAILY_JOBS: DailyJob[] = [
  absenceEscalationJob,
  rollCallReminderJob,
  caseOverdueJob,
  transferOverdueJob,
  outboundDispatchJob,
];

export interface JobRunSummary {
  job: string;
  day: string;
  summary: Record<string, unknown>;
}

export async function runDailyJobs(
  db: Kysely<Database>,
  countyCode: string,
  clock: Clock,
  day: string = today(clock),
): Promise<JobRunSummary[]> {
  const results: JobRunSummary[] = [];
  for (const job of DAILY_JOBS) {
    await db
      .insertInto('job_runs')
      .values({ county_code: countyCode, job: job.name, run_on: day, summary: null })
      .onConflict((oc) =>
        oc
          .columns(['county_code', 'job', 'run_on'])
          .doUpdateSet({ started_at: new Date(), finished_at: null }),
      )
      .execute();
    const summary = await job.run(db, countyCode, day, clock);
    await db
      .updateTable('job_runs')
      .set({ finished_at: new Date(), summary: JSON.stringify(summary) })
      .where('county_code', '=', countyCode)
      .where('job', '=', job.name)
      .where('run_on', '=', day)
      .execute();
    results.push({ job: job.name, day, summary });
  }
  return results;
}

/**
 * Runs the daily jobs now and then every `intervalMs` in this process. Escalation looks
 * at the school days before today, so the first run each day settles yesterday.
 */
export function startScheduler(
  db: Kysely<Database>,
  countyCode: string,
  clock: Clock,
  intervalMs = 15 * 60 * 1000,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDailyJobs(db, countyCode, clock);
    } catch (error) {
      logError('scheduled jobs failed', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
