import { Col, Input, Row, Select, Tag, Typography } from 'antd';
import { beijingTime, AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_ENTITY_LABELS, type AuditAction, type AuditEntry } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { useAuditEntries, type AuditFilters } from './audit.api';
import { DateRangeFilter } from './DateRangeFilter';

const FILTER_KEYS = ['username', 'action', 'entity', 'entityId', 'from', 'to'] as const;

// Actions a reviewer looks for first are coloured.
const ACTION_COLOR: Partial<Record<AuditAction, string>> = {
  delete: 'red',
  view_identity: 'gold',
  access_denied: 'red',
  csrf_rejected: 'red',
  login_locked: 'volcano',
  password_reset: 'orange',
};

function isAction(v: string | undefined): v is AuditAction {
  return v !== undefined && (AUDIT_ACTIONS as readonly string[]).includes(v);
}

export function formatTime(at: string): string {
  return beijingTime(at, { seconds: true });
}

export function OperationsTab() {
  const { t, enumLabel } = useI18n();
  const list = useListParams(FILTER_KEYS);
  const { username, action, entity, entityId, from, to } = list.filters;
  const query: AuditFilters = { username, action: isAction(action) ? action : undefined, entity, entityId, from, to, page: list.page, pageSize: list.pageSize };
  const entries = useAuditEntries(query);
  const entityLabel = (code: string) => enumLabel(AUDIT_ENTITY_LABELS, code);

  const columns: Column<AuditEntry>[] = [
    { key: 'at', title: t('audit.at'), render: (e) => formatTime(e.at), hideOnCard: true },
    { key: 'user', title: t('audit.user'), render: (e) => e.username ?? '—' },
    { key: 'action', title: t('audit.action'), render: (e) => <Tag color={ACTION_COLOR[e.action]}>{enumLabel(AUDIT_ACTION_LABELS, e.action)}</Tag> },
    { key: 'entity', title: t('audit.entity'), render: (e) => entityLabel(e.entity) },
    { key: 'entityId', title: t('audit.entityId'), render: (e) => e.entityId ?? '—' },
    { key: 'ip', title: t('audit.ip'), render: (e) => e.ip ?? '—' },
    { key: 'detail', title: t('audit.detail'), render: (e) => e.detail ?? '' },
  ];

  return (
    <>
      <FilterBar extra={<ExportButton path="/audit" params={query} />} activeCount={[action, entity, entityId, from, to].filter(Boolean).length}>
        <Input.Search
          key={`u-${username ?? ''}`}
          defaultValue={username}
          allowClear
          placeholder={t('audit.usernameFilter')}
          onSearch={(v) => list.update({ username: v.trim() })}
          style={{ width: 180 }}
          data-testid="audit-username"
        />
        <Select
          allowClear
          placeholder={t('audit.action')}
          value={isAction(action) ? action : undefined}
          onChange={(v: AuditAction | undefined) => list.update({ action: v })}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: enumLabel(AUDIT_ACTION_LABELS, a) }))}
          style={{ width: 180 }}
          popupMatchSelectWidth={false}
          data-testid="audit-action"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.entity')}
          value={entity || undefined}
          onChange={(v: string | undefined) => list.update({ entity: v })}
          options={AUDIT_ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
          style={{ width: 180 }}
          popupMatchSelectWidth={false}
          data-testid="audit-entity"
        />
        <Input.Search
          key={`i-${entityId ?? ''}`}
          defaultValue={entityId}
          allowClear
          placeholder={t('audit.entityIdFilter')}
          onSearch={(v) => list.update({ entityId: v.trim() })}
          style={{ width: 200 }}
          data-testid="audit-entity-id"
        />
        <DateRangeFilter from={from} to={to} onChange={(f, tt) => list.update({ from: f, to: tt })} />
      </FilterBar>
      {entries.isError ? <QueryError error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      <DataTable<AuditEntry>
        testId="audit-table"
        size="small"
        columns={columns}
        rows={entries.data?.items}
        rowKey={(e) => e.id}
        loading={entries.isFetching}
        cardTitle={(e) => formatTime(e.at)}
        expandedRow={(e) => <ChangeView entry={e} />}
        rowExpandable={(e) => e.before !== null || e.after !== null}
        paging={list.pagingFor(entries.data)}
      />
    </>
  );
}

function ChangeView({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  if (!entry.before && !entry.after) return <Typography.Text type="secondary">{entry.detail ?? t('audit.noChange')}</Typography.Text>;
  return (
    <Row gutter={[12, 12]} data-testid="audit-change">
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.before')}</Typography.Text>
        <pre className="bx-json">{entry.before ? JSON.stringify(entry.before, null, 2) : '—'}</pre>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.after')}</Typography.Text>
        <pre className="bx-json">{entry.after ? JSON.stringify(entry.after, null, 2) : '—'}</pre>
      </Col>
    </Row>
  );
}
