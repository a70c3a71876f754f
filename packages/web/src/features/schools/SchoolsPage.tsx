import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Input, Select, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { SCHOOL_TYPE_LABELS, SCHOOL_TYPES, type SchoolSummary, type SchoolType } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { regionsOfLevel, useRegionTree } from '../regions/regions.api';
import { useSchools, type SchoolFilters } from './schools.api';
import { SchoolForm } from './SchoolForm';

const FILTER_KEYS = ['q', 'townCode', 'type'] as const;

function isSchoolType(v: string | undefined): v is SchoolType {
  return v !== undefined && (SCHOOL_TYPES as readonly string[]).includes(v);
}

export default function SchoolsPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const list = useListParams(FILTER_KEYS);
  const { q, townCode, type } = list.filters;
  const query: SchoolFilters = {
    q,
    townCode,
    type: isSchoolType(type) ? type : undefined,
    page: list.page,
    pageSize: list.pageSize,
  };
  const schools = useSchools(query);
  const towns = regionsOfLevel(useRegionTree().data, 'town');
  const [creating, setCreating] = useState(false);

  const columns: Column<SchoolSummary>[] = [
    { key: 'name', title: t('schools.name'), render: (s) => <Link to={`/schools/${s.code}`}>{s.name}</Link>, hideOnCard: true },
    { key: 'code', title: t('schools.code'), render: (s) => s.code },
    { key: 'type', title: t('schools.type'), render: (s) => enumLabel(SCHOOL_TYPE_LABELS, s.type) },
    { key: 'town', title: t('schools.town'), render: (s) => s.townName },
    { key: 'boarding', title: t('schools.boarding'), render: (s) => (s.boarding ? t('common.yes') : t('common.no')) },
    { key: 'classes', title: t('schools.classes'), align: 'right', render: (s) => s.classCount },
    { key: 'students', title: t('schools.students'), align: 'right', render: (s) => s.studentCount.toLocaleString() },
    {
      key: 'active',
      title: t('common.status'),
      render: (s) => (s.active ? <Tag color="green">{t('schools.active')}</Tag> : <Tag>{t('schools.closed')}</Tag>),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('schools.title')}
        extra={
          <>
            {can(me, 'schools.edit') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="school-create">
                {t('schools.create')}
              </Button>
            ) : null}
            <ExportButton path="/schools" params={query} />
          </>
        }
      />
      <FilterBar activeCount={[townCode, type].filter(Boolean).length}>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('schools.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: 240 }}
          data-testid="school-search"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('schools.town')}
          value={townCode}
          onChange={(v: string | undefined) => list.update({ townCode: v })}
          options={towns.map((town) => ({ value: town.code, label: town.name }))}
          style={{ width: 180 }}
          data-testid="school-town-filter"
        />
        <Select
          allowClear
          placeholder={t('schools.type')}
          value={isSchoolType(type) ? type : undefined}
          onChange={(v: SchoolType | undefined) => list.update({ type: v })}
          options={SCHOOL_TYPES.map((code) => ({ value: code, label: enumLabel(SCHOOL_TYPE_LABELS, code) }))}
          style={{ width: 200 }}
          data-testid="school-type-filter"
        />
      </FilterBar>
      {schools.isError ? <QueryError error={schools.error} onRetry={() => void schools.refetch()} /> : null}
      <DataTable<SchoolSummary>
        testId="schools-table"
        columns={columns}
        rows={schools.data?.items}
        rowKey={(s) => s.code}
        loading={schools.isFetching}
        cardTitle={(s) => s.name}
        onRowClick={(s) => void navigate(`/schools/${s.code}`)}
        paging={list.pagingFor(schools.data)}
      />
      {creating ? <SchoolForm onClose={() => setCreating(false)} /> : null}
    </>
  );
}
