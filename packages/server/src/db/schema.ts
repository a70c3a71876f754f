import type { AuditLogTable, LoginLogTable } from '../modules/audit/audit.table';
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
  out_of_county_records: OutOfCountyRecordTable;
  exemptions: ExemptionTable;
  student_events: StudentEventTable;
  reconciliation_runs: ReconciliationRunTable;
  reconciliation_children: ReconciliationChildTable;
  reconciliation_findings: ReconciliationFindingTable;
  review_decisions: ReviewDecisionTable;
}
