import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_monitoring';
import * as m0003 from './migrations/0003_cases';
import * as m0004 from './migrations/0004_cases_indexes';
import * as m0005 from './migrations/0005_students_order';
import * as m0006 from './migrations/0006_log_indexes';
import * as m0007 from './migrations/0007_run_results_bulk';
import * as m0008 from './migrations/0008_staff_active';
import * as m0009 from './migrations/0009_children_keyed_by_run';
import * as m0010 from './migrations/0010_case_source_registry';
import * as m0011 from './migrations/0011_population_removals';
import * as m0012 from './migrations/0012_pending_transfers';
import * as m0013 from './migrations/0013_wrongful_cases_unconfirmed';
import type { Database } from './schema';

// Migrations are code, listed here in order, so they travel inside the bundle and need no folder scan.
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_monitoring': m0002,
  '0003_cases': m0003,
  '0004_cases_indexes': m0004,
  '0005_students_order': m0005,
  '0006_log_indexes': m0006,
  '0007_run_results_bulk': m0007,
  '0008_staff_active': m0008,
  '0009_children_keyed_by_run': m0009,
  '0010_case_source_registry': m0010,
  '0011_population_removals': m0011,
  '0012_pending_transfers': m0012,
  '0013_wrongful_cases_unconfirmed': m0013,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateToLatest());
}

/** Migrates up to `name` and no further: a migration's test writes data the way it was before it. */
export async function migrateUpTo(db: Kysely<Database>, name: keyof typeof migrations): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Tables in an order that satisfies foreign keys, for backup and restore. */
export const TABLES_IN_DEPENDENCY_ORDER = [
  'counties',
  'regions',
  'inspection_zones',
  'zone_towns',
  'schools',
  'school_service_areas',
  'staff',
  'classes',
  'students',
  'users',
  'sessions',
  'audit_log',
  'login_log',
  'dictionaries',
  'settings',
  'imports',
  'import_rejected_rows',
  'population',
  'population_removals',
  'out_of_county_records',
  'exemptions',
  'student_events',
  'reconciliation_runs',
  'reconciliation_children',
  'reconciliation_findings',
  'review_decisions',
  'school_terms',
  'calendar_days',
  'roll_calls',
  'absences',
  'guardian_contacts',
  'cases',
  'case_members',
  'case_actions',
  'case_events',
  'case_check_ins',
  'chiefs',
  'inbox_items',
  'outbound_messages',
  'job_runs',
] as const satisfies readonly (keyof Database)[];
