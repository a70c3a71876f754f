import { useState } from 'react';
import { Button, Flex, Input, Select, Tag, Typography, type SelectProps } from 'antd';
import { HistoryOutlined, SwapOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import {
  ENROLLMENT_STATUS_LABELS,
  ENROLLMENT_STATUSES,
  GENDER_LABELS,
  STUDY_MODE_LABELS,
  type EnrollmentStatus,
  type PendingTransfer,
  type StudentSummary,
} from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { regionsOfLevel, useRegionTree } from '../regions/regions.api';
import { useSchoolClasses } from '../schools/schools.api';
import { SchoolSelect } from '../cases/filters';
import { useStudents, useStudentStatusCounts, type StudentFilters } from './students.api';
import { StudentDrawer } from './StudentDrawer';
import { ReceiveTransferForm } from './ReceiveTransferForm';
import { PendingTransfers } from './PendingTransfers';
import { StatusTag, StudentFlags } from './StudentTags';

// `pending=1`: the link of an inbox item about a transfer to take over (待接收转入).
const FILTER_KEYS = ['q', 'schoolCode', 'classId', 'villageCode', 'status', 'pending'] as const;

function isStatus(v: string | undefined): v is EnrollmentStatus {
  return v !== undefined && (ENROLLMENT_STATUSES as readonly string[]).includes(v);
}

function positiveId(v: string | undefined): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export default function StudentsPage() {
  const { t, enumLabel, classLabel } = useI18n();
  const list = useListParams(FILTER_KEYS);
  const { q, schoolCode, classId, villageCode, status } = list.filters;
  const query: StudentFilters = {
    q,
    schoolCode,
    classId: positiveId(classId),
    villageCode,
    status: isStatus(status) ? status : undefined,
    page: list.page,
    pageSize: list.pageSize,
  };
  const students = useStudents(query);
  const [openId, setOpenId] = useState<number | null>(null);
  // 接收转入: a pupil named by number and name (true), or one another school handed over.
  const [receiving, setReceiving] = useState<boolean | PendingTransfer>(false);
  const me = useMe();
  const mayReceive = can(me, 'registry.edit');
  // The changes are listed by school: a village official answers for no school and would see none.
  const mayListEvents = can(me, 'monitoring.view') && me.role !== 'village_official';
  // A principal answers for one school: no school to choose, its classes straight away. A
  // class teacher's list is their own classes already: neither.
  const ownSchool = me.scopeKind === 'school' ? me.scopeCode : null;
  const picksSchool = me.scopeKind !== 'school' && me.scopeKind !== 'teacher';
  const classesOf = ownSchool ?? schoolCode;
  const navigate = useNavigate();

  const columns: Column<StudentSummary>[] = [
    { key: 'name', title: t('students.name'), render: (s) => <a>{s.name}</a>, hideOnCard: true },
    { key: 'gender', title: t('students.gender'), render: (s) => enumLabel(GENDER_LABELS, s.gender) },
    { key: 'id', title: t('students.idNumber'), render: (s) => <span style={{ fontFamily: 'monospace' }}>{s.idNumberMasked}</span> },
    { key: 'school', title: t('students.school'), render: (s) => s.schoolName },
    // One column: 七年级1班, "Grade 7, Class 1" (a class's own name alone said nothing in English).
    { key: 'class', title: t('students.class'), render: (s) => classLabel(s.grade, s.className) },
    { key: 'status', title: t('students.status'), render: (s) => <StatusTag status={s.status} />, hideOnCard: true },
    { key: 'mode', title: t('students.studyMode'), render: (s) => enumLabel(STUDY_MODE_LABELS, s.studyMode) },
    { key: 'village', title: t('students.village'), render: (s) => s.villageName ?? '—' },
    { key: 'flags', title: t('students.tags'), render: (s) => (s.povertyRegistered || s.leftBehind ? <StudentFlags student={s} /> : null) },
  ];

  return (
    <>
      <PageTitle
        title={t('students.title')}
        extra={
          <>
            {mayReceive ? (
              <Button icon={<SwapOutlined />} onClick={() => setReceiving(true)} data-testid="transfer-receive">
                {t('students.receiveTransfer')}
              </Button>
            ) : null}
            {mayListEvents ? (
              <Button icon={<HistoryOutlined />} onClick={() => void navigate('/students/events')} data-testid="student-events-link">
                {t('students.events')}
              </Button>
            ) : null}
            <ExportButton path="/students" params={query} />
          </>
        }
      />
      {mayReceive ? <PendingTransfers asked={list.filters.pending === '1'} onReceive={(p) => setReceiving(p)} /> : null}
      <FilterBar activeCount={[schoolCode, classId, villageCode, status].filter(Boolean).length}>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('students.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: 220 }}
          data-testid="student-search"
        />
        {picksSchool ? (
          <SchoolSelect
            value={schoolCode}
            onChange={(v) => list.update({ schoolCode: v, classId: undefined })}
            testId="student-school-filter"
          />
        ) : null}
        {classesOf ? <ClassFilter schoolCode={classesOf} value={positiveId(classId)} onChange={(v) => list.update({ classId: v })} /> : null}
        <VillageFilter value={villageCode} onChange={(v) => list.update({ villageCode: v })} />
        <Select
          allowClear
          placeholder={t('students.status')}
          value={isStatus(status) ? status : undefined}
          onChange={(v: EnrollmentStatus | undefined) => list.update({ status: v })}
          options={ENROLLMENT_STATUSES.map((c) => ({ value: c, label: enumLabel(ENROLLMENT_STATUS_LABELS, c) }))}
          // Wide enough for the English placeholder, "Enrolment status", to show whole.
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          data-testid="student-status-filter"
        />
      </FilterBar>
      <StatusCounts query={query} onPick={(v) => list.update({ status: v })} />
      {students.isError ? <QueryError error={students.error} onRetry={() => void students.refetch()} /> : null}
      <DataTable<StudentSummary>
        testId="students-table"
        columns={columns}
        rows={students.data?.items}
        rowKey={(s) => s.id}
        loading={students.isFetching}
        onRowClick={(s) => setOpenId(s.id)}
        cardTitle={(s) => (
          <>
            {s.name} <StatusTag status={s.status} />
          </>
        )}
        paging={list.pagingFor(students.data)}
      />
      {openId !== null ? <StudentDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
      {receiving !== false ? (
        <ReceiveTransferForm
          pending={receiving === true ? undefined : receiving}
          onClose={() => setReceiving(false)}
          onReceived={(s) => {
            setReceiving(false);
            setOpenId(s.id);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * How many students each status holds under the other filters, each a chip that filters by it:
 * "全部 28,872" beside "在读 27,968" says at once why the list counts more than the overview's
 * 在校 (it holds those who left, graduated or dropped out too).
 */
function StatusCounts({ query, onPick }: { query: StudentFilters; onPick: (status: EnrollmentStatus | undefined) => void }) {
  const { t, enumLabel } = useI18n();
  const counts = useStudentStatusCounts(query).data;
  if (!counts) return null;
  const total = ENROLLMENT_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const chip = (key: string, label: string, n: number, checked: boolean, pick: EnrollmentStatus | undefined) => (
    <Tag.CheckableTag
      key={key}
      checked={checked}
      onChange={(on) => onPick(on ? pick : undefined)}
      style={{ border: '1px solid var(--ant-color-border, #d9d9d9)' }}
      data-testid={`student-status-count-${key}`}
    >
      {/* 辍学 is what the whole platform is for: in red while there is any. */}
      <span style={{ color: pick === 'dropped_out' && n > 0 && !checked ? '#cf1322' : undefined }}>
        {label} {n.toLocaleString()}
      </span>
    </Tag.CheckableTag>
  );
  return (
    <Flex wrap gap={6} align="center" style={{ marginBottom: 12 }} data-testid="student-status-counts">
      <Typography.Text type="secondary">{t('students.byStatus')}:</Typography.Text>
      {chip('all', t('students.allStatuses'), total, query.status === undefined, undefined)}
      {ENROLLMENT_STATUSES.map((s) => chip(s, enumLabel(ENROLLMENT_STATUS_LABELS, s), counts[s], query.status === s, s))}
    </Flex>
  );
}

function ClassFilter({ schoolCode, value, onChange }: { schoolCode: string; value: number | undefined; onChange: (v: number | undefined) => void }) {
  const { t, classLabel } = useI18n();
  const classes = useSchoolClasses(schoolCode);
  return (
    <Select
      allowClear
      placeholder={t('students.anyClass')}
      value={value}
      onChange={onChange}
      loading={classes.isPending}
      options={(classes.data ?? []).map((c) => ({ value: c.id, label: classLabel(c.grade, c.name) }))}
      style={{ width: 160 }}
      data-testid="student-class-filter"
    />
  );
}

function VillageFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useI18n();
  const tree = useRegionTree().data;
  const towns = regionsOfLevel(tree, 'town');
  // Grouped by town: 165 village names in one flat list are hard to scan.
  const options: SelectProps['options'] =
    towns.length > 0
      ? towns.map((town) => ({ label: town.name, options: town.children.map((v) => ({ value: v.code, label: v.name })) }))
      : regionsOfLevel(tree, 'village').map((v) => ({ value: v.code, label: v.name }));
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('students.anyVillage')}
      value={value}
      onChange={onChange}
      options={options}
      style={{ width: 180 }}
      popupMatchSelectWidth={false}
      data-testid="student-village-filter"
    />
  );
}
