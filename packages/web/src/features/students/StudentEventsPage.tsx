import { useState } from 'react';
import { Button, Select, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { STUDENT_EVENT_KINDS, STUDENT_EVENT_LABELS, type StudentEventKind, type StudentEventListItem } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { SchoolSelect } from '../cases/filters';
import { useStudentEventList } from './students.api';
import { StudentDrawer } from './StudentDrawer';
import { eventSchools } from './EventTimeline';

const FILTER_KEYS = ['schoolCode', 'kind'] as const;

function isKind(v: string | undefined): v is StudentEventKind {
  return v !== undefined && (STUDENT_EVENT_KINDS as readonly string[]).includes(v);
}

/**
 * 学籍变动记录: every change of registry the user's schools answer for, newest first — pupils
 * enrolled, handed over, suspended, back, dropped out, graduated. A transfer shows at both
 * schools (一人一籍，籍随人走); the school a pupil left sees the handover but no longer opens
 * the pupil's record.
 */
export default function StudentEventsPage() {
  const { t, enumLabel, gradeLabel } = useI18n();
  const list = useListParams(FILTER_KEYS);
  const { schoolCode, kind } = list.filters;
  const query = { schoolCode, kind: isKind(kind) ? kind : undefined, page: list.page, pageSize: list.pageSize };
  const events = useStudentEventList(query);
  const [openId, setOpenId] = useState<number | null>(null);
  const navigate = useNavigate();

  const schools = (e: StudentEventListItem) => eventSchools(e, t).join(' ') || '—';
  const pupil = (e: StudentEventListItem) => (
    <>
      {e.studentVisible ? <a>{e.studentName}</a> : e.studentName}{' '}
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
        {e.idNumberMasked}
      </Typography.Text>
    </>
  );
  const columns: Column<StudentEventListItem>[] = [
    { key: 'date', title: t('students.eventDate'), render: (e) => e.date, hideOnCard: true },
    { key: 'kind', title: t('students.eventKind'), render: (e) => enumLabel(STUDENT_EVENT_LABELS, e.kind), hideOnCard: true },
    { key: 'pupil', title: t('students.name'), render: pupil },
    { key: 'schools', title: t('students.school'), render: schools },
    { key: 'grade', title: t('students.grade'), render: (e) => (e.grade === null ? '—' : gradeLabel(e.grade)) },
    { key: 'note', title: t('students.eventNote'), render: (e) => e.note ?? '—' },
    { key: 'by', title: t('students.eventBy'), render: (e) => (e.importId !== null ? t('students.eventByImport', { id: e.importId }) : (e.by ?? '—')) },
  ];

  return (
    <>
      <PageTitle
        title={t('students.events')}
        subtitle={t('students.eventsHint')}
        extra={
          <>
            <Button icon={<TeamOutlined />} onClick={() => void navigate('/students')}>
              {t('students.title')}
            </Button>
            <ExportButton path="/student-events" params={query} />
          </>
        }
      />
      <FilterBar activeCount={[schoolCode, kind].filter(Boolean).length}>
        <SchoolSelect value={schoolCode} onChange={(v) => list.update({ schoolCode: v })} testId="event-school-filter" />
        <Select
          allowClear
          placeholder={t('students.anyEventKind')}
          value={isKind(kind) ? kind : undefined}
          onChange={(v: StudentEventKind | undefined) => list.update({ kind: v })}
          options={STUDENT_EVENT_KINDS.map((k) => ({ value: k, label: enumLabel(STUDENT_EVENT_LABELS, k) }))}
          style={{ width: 160 }}
          data-testid="event-kind-filter"
        />
      </FilterBar>
      {events.isError ? <QueryError error={events.error} onRetry={() => void events.refetch()} /> : null}
      <DataTable<StudentEventListItem>
        testId="student-events-table"
        columns={columns}
        rows={events.data?.items}
        rowKey={(e) => e.id}
        loading={events.isFetching}
        onRowClick={(e) => setOpenId(e.studentId)}
        rowClickable={(e) => e.studentVisible}
        cardTitle={(e) => (
          <>
            {e.date} {enumLabel(STUDENT_EVENT_LABELS, e.kind)}
          </>
        )}
        paging={list.pagingFor(events.data)}
      />
      {openId !== null ? <StudentDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
