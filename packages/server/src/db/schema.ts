import type { AbsenceTable, GuardianContactTable, RollCallTable } from '../modules/absences/absences.table';
import type { AuditLogTable, LoginLogTable } from '../modules/audit/audit.table';
import type { CalendarDayTable, SchoolTermTable } from '../modules/calendar/calendar.table';
import type {
  CaseActionTable,
  CaseCheckInTable,
  CaseEventTable,
  CaseMemberTable,
  CaseTable,
} from '../modules/cases/cases.table';
import type { ChiefTable } from '../modules/chiefs/chiefs.table';
import type { InboxItemTable, OutboundMessageTable } from '../modules/inbox/inbox.table';
import type { JobRunTable } from '../modules/schedule/schedule.table';
import type { DictionaryTable } from '../modules/dictionaries/dictionaries.table';
import type { ImportRejectedRowTable, ImportTable } from '../modules/imports/imports.table';
import type {
  ReconciliationChildTable,
  ReconciliationFindingTable,
  ReconciliationRunTable,
  ReviewDecisionTable,
} from '../modules/reconciliation/reconciliation.table';
import type { RegionTable } from '../modules/regions/regions.table';
import type {
  ExemptionTable,
  OutOfCountyRecordTable,
  PopulationRemovalTable,
  PopulationTable,
  StudentEventTable,
  StudentTable,
} from '../modules/registry/registry.table';
import type { ClassTable, SchoolServiceAreaTable, SchoolTable } from '../modules/schools/schools.table';
import type { SettingTable } from '../modules/settings/settings.table';
import type { InspectionZoneTable, StaffTable, ZoneTownTable } from '../modules/staff/staff.table';
import type { SessionTable, UserTable } from '../modules/users/users.table';

export interface CountyTable {
  county_code: string;
  name: string;
}

/** Every table carries county_code so the schema distributes by county (Citus) unchanged. */
export interface Database {
  counties: CountyTable;
  regions: RegionTable;
  schools: SchoolTable;
  school_service_areas: SchoolServiceAreaTable;
  classes: ClassTable;
  staff: StaffTable;
  inspection_zones: InspectionZoneTable;
  zone_towns: ZoneTownTable;
  students: StudentTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  login_log: LoginLogTable;
  dictionaries: DictionaryTable;
  settings: SettingTable;
  imports: ImportTable;
  import_rejected_rows: ImportRejectedRowTable;
  population: PopulationTable;
  population_removals: PopulationRemovalTable;
  out_of_county_records: OutOfCountyRecordTable;
  exemptions: ExemptionTable;
  student_events: StudentEventTable;
  reconciliation_runs: ReconciliationRunTable;
  reconciliation_children: ReconciliationChildTable;
  reconciliation_findings: ReconciliationFindingTable;
  review_decisions: ReviewDecisionTable;
  school_terms: SchoolTermTable;
  calendar_days: CalendarDayTable;
  roll_calls: RollCallTable;
  absences: AbsenceTable;
  guardian_contacts: GuardianContactTable;
  cases: CaseTable;
  case_members: CaseMemberTable;
  case_actions: CaseActionTable;
  case_events: CaseEventTable;
  case_check_ins: CaseCheckInTable;
  chiefs: ChiefTable;
  inbox_items: InboxItemTable;
  outbound_messages: OutboundMessageTable;
  job_runs: JobRunTable;
}
