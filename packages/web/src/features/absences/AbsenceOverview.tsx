// School, town and county views of the absences in scope: today or this week, counts per
// school and the list of absent children, exportable.
import { Card, Col, Flex, Row, Segmented, Select, Statistic, Tag, Typography } from 'antd';
import {
  ABSENCE_KIND_LABELS,
  ABSENCE_KINDS,
  GENDER_LABELS,
  weekStart,
  type AbsenceCounts,
  type AbsenceKind,
  type AbsenceRow,
  type SchoolAbsenceSummary,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { useMe } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { QueryError } from '../../components/QueryError';
import { guardianContact } from '../../components/Tel';
import type { ListParams } from '../../components/useListParams';
import { SchoolSelect, TownSelect, seesManySchools, seesManyTowns } from '../cases/filters';
import { ABSENCES_PATH, useAbsenceSummary, useAbsences, type AbsenceFilters } from './absences.api';

export const OVERVIEW_KEYS = ['range', 'townCode', 'schoolCode', 'kind'] as const;
type Key = (typeof OVERVIEW_KEYS)[number];

const KIND_COLORS: Record<AbsenceKind, string> = { sick: 'blue', personal: 'gold', unexcused: 'red' };

export function AbsenceOverview({
  list,
  update,
}: {
  list: ListParams<Key>;
  update: (patch: Partial<Record<Key, string | undefined>> & { page?: number; pageSize?: number }) => void;
}) {
  const { t, enumLabel, classLabel } = useI18n();
  const me = useMe();
  const { townCode, schoolCode } = list.filters;
  const kind = ABSENCE_KINDS.find((k) => k === list.filters.kind);
  const range = list.filters.range === 'week' ? 'week' : 'today';
  // "Today" is the server's: the summary of today names it, and the week is counted back from it.
  const todays = useAbsenceSummary({ townCode });
  const today = todays.data?.today;
  const week = useAbsenceSummary(
    { townCode, from: today ? weekStart(today) : undefined, to: today },
    range === 'week' && today !== undefined,
  );
  const summary = range === 'week' ? week : todays;
  const period = range === 'week' && today ? { from: weekStart(today), to: today } : {};
  const query: AbsenceFilters = {
    ...period,
    townCode,
    schoolCode,
    kind,
    page: list.page,
    pageSize: list.pageSize,
  };
  const rows = useAbsences(query);

  const summaryColumns: Column<SchoolAbsenceSummary>[] = [
    { key: 'school', title: t('absences.school'), render: (s) => s.schoolName, hideOnCard: true },
    { key: 'town', title: t('absences.town'), render: (s) => s.townName ?? '—' },
    { key: 'rolls', title: t('absences.rolls'), align: 'right', render: (s) => <Rolls counts={s} /> },
    { key: 'absences', title: t('absences.total'), align: 'right', render: (s) => s.absences },
    { key: 'children', title: t('absences.children'), align: 'right', render: (s) => s.children },
    { key: 'unexcused', title: t('absences.unexcused'), align: 'right', render: (s) => s.unexcused },
    { key: 'sick', title: t('absences.sick'), align: 'right', render: (s) => s.sick },
    { key: 'personal', title: t('absences.personal'), align: 'right', render: (s) => s.personal },
    {
      key: 'unreached',
      title: t('absences.unreached'),
      align: 'right',
      render: (s) => (s.unreached > 0 ? <Tag color="red">{s.unreached}</Tag> : 0),
    },
  ];

  const columns: Column<AbsenceRow>[] = [
    { key: 'day', title: t('absences.day'), render: (r) => r.day },
    {
      key: 'name',
      title: t('absences.student'),
      render: (r) => `${r.name}（${enumLabel(GENDER_LABELS, r.gender)}）`,
      hideOnCard: true,
    },
    { key: 'school', title: t('absences.school'), render: (r) => r.schoolName },
    { key: 'class', title: t('absences.class'), render: (r) => classLabel(r.grade, r.className) },
    {
      key: 'kind',
      title: t('absences.kind'),
      render: (r) => <Tag color={KIND_COLORS[r.kind]}>{enumLabel(ABSENCE_KIND_LABELS, r.kind)}</Tag>,
    },
    {
      key: 'contact',
      title: t('absences.contactState'),
      render: (r) =>
        r.reached ? (
          <Tag color="green">{t('absences.reached')}</Tag>
        ) : r.contacts > 0 ? (
          <Tag color="orange">{t('absences.notReached')}</Tag>
        ) : r.kind === 'unexcused' ? (
          <Tag color="red">{t('absences.noContact')}</Tag>
        ) : (
          '—'
        ),
    },
    {
      key: 'guardian',
      title: t('absences.guardian'),
      render: (r) => guardianContact(r.guardianName, r.guardianPhone),
    },
    { key: 'by', title: t('absences.by'), render: (r) => r.markedBy ?? '' },
  ];

  const total = summary.data?.total;
  // Every school with a roll due is listed, so an empty list means no absence and no roll due
  // (a day without school, or a village official, who answers for no class's roll).
  const none = t(range === 'week' ? 'absences.noneWeek' : 'absences.noneToday');
  return (
    <Flex vertical gap={12}>
      <Segmented
        value={range}
        onChange={(v) => update({ range: v === 'week' ? 'week' : undefined })}
        options={[
          {
            value: 'today',
            label: <span data-testid="absence-range-today">{t('absences.rangeToday')}</span>,
          },
          { value: 'week', label: <span data-testid="absence-range-week">{t('absences.rangeWeek')}</span> },
        ]}
      />
      {summary.data ? (
        <span style={{ color: 'rgba(0,0,0,0.45)' }} data-testid="absence-period">
          {t('absences.period', { from: summary.data.from, to: summary.data.to })}
        </span>
      ) : null}
      {summary.isError ? <QueryError error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      <Row gutter={[8, 8]} data-testid="absence-total">
        {(
          [
            ['absences.total', total?.absences],
            ['absences.children', total?.children],
            ['absences.unexcused', total?.unexcused],
            ['absences.unreached', total?.unreached],
          ] as const
        ).map(([label, value]) => (
          <Col key={label} xs={12} md={{ flex: '20%' }}>
            <Card size="small">
              <Statistic title={t(label)} value={value ?? '—'} />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={{ flex: '20%' }}>
          <Card size="small" data-testid="absence-rolls">
            <Statistic
              title={t('absences.rollsTaken')}
              valueRender={() => (total ? <Rolls counts={total} /> : '—')}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('absences.bySchool')}>
        <DataTable<SchoolAbsenceSummary>
          testId="absence-summary"
          size="small"
          columns={summaryColumns}
          rows={summary.data?.schools}
          rowKey={(s) => s.schoolCode}
          loading={summary.isFetching}
          cardTitle={(s) => s.schoolName}
          localPageSize={10}
          empty={none}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('absences.rollsMean')}
        </Typography.Text>
      </Card>
      <Card size="small" title={t('absences.list')}>
        <FilterBar
          activeCount={[schoolCode, kind].filter(Boolean).length}
          extra={<ExportButton path={ABSENCES_PATH} params={query} />}
        >
          {seesManyTowns(me) ? (
            <TownSelect value={townCode} onChange={(v) => update({ townCode: v, schoolCode: undefined })} />
          ) : null}
          {seesManySchools(me) ? (
            <SchoolSelect
              townCode={townCode}
              value={schoolCode}
              onChange={(v) => update({ schoolCode: v })}
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('absences.anyKind')}
            value={kind}
            onChange={(v) => update({ kind: v })}
            options={ABSENCE_KINDS.map((k) => ({ value: k, label: enumLabel(ABSENCE_KIND_LABELS, k) }))}
            style={{ width: 140 }}
            data-testid="absence-kind-filter"
          />
        </FilterBar>
        {rows.isError ? <QueryError error={rows.error} onRetry={() => void rows.refetch()} /> : null}
        <DataTable<AbsenceRow>
          testId="absence-table"
          columns={columns}
          rows={rows.data?.items}
          rowKey={(r) => `${r.studentId}:${r.day}`}
          loading={rows.isFetching}
          cardTitle={(r) => `${r.name} · ${r.day}`}
          empty={schoolCode || kind ? t('absences.noneFiltered') : none}
          paging={{
            page: list.page,
            pageSize: list.pageSize,
            total: rows.data?.total ?? 0,
            onChange: (page, pageSize) => update({ page, pageSize }),
          }}
        />
      </Card>
    </Flex>
  );
}

/**
 * Rolls taken of those due: red while some are missing, for a school whose classes take no
 * roll must not pass for one without absences; a dash when none is due.
 */
function Rolls({ counts }: { counts: Pick<AbsenceCounts, 'rollsDue' | 'rollsTaken'> }) {
  const { rollsDue, rollsTaken } = counts;
  if (rollsDue === 0) return <span>—</span>;
  const text = `${rollsTaken}/${rollsDue}`;
  return rollsTaken < rollsDue ? <Tag color="red">{text}</Tag> : <span>{text}</span>;
}
