import { Input, Select, Tag, Tooltip } from 'antd';
import { LOGIN_OUTCOME_LABELS, LOGIN_OUTCOMES, type LoginEntry, type LoginOutcome } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { useLoginEntries, type LoginFilters } from './audit.api';
import { DateRangeFilter } from './DateRangeFilter';
import { formatTime } from './OperationsTab';

const FILTER_KEYS = ['username', 'outcome', 'from', 'to'] as const;

const OUTCOME_COLOR: Record<LoginOutcome, string> = {
  success: 'green',
  bad_password: 'orange',
  unknown_user: 'orange',
  locked: 'red',
  disabled: 'default',
};

function isOutcome(v: string | undefined): v is LoginOutcome {
  return v !== undefined && (LOGIN_OUTCOMES as readonly string[]).includes(v);
}

export function LoginsTab() {
  const { t, enumLabel } = useI18n();
  const list = useListParams(FILTER_KEYS);
  const { username, outcome, from, to } = list.filters;
  const query: LoginFilters = { username, outcome: isOutcome(outcome) ? outcome : undefined, from, to, page: list.page, pageSize: list.pageSize };
  const entries = useLoginEntries(query);

  const columns: Column<LoginEntry>[] = [
    { key: 'at', title: t('audit.at'), render: (e) => formatTime(e.at), hideOnCard: true },
    { key: 'user', title: t('audit.user'), render: (e) => e.username },
    { key: 'outcome', title: t('audit.outcome'), render: (e) => <Tag color={OUTCOME_COLOR[e.outcome]}>{enumLabel(LOGIN_OUTCOME_LABELS, e.outcome)}</Tag> },
    { key: 'ip', title: t('audit.ip'), render: (e) => e.ip ?? '—' },
    {
      key: 'ua',
      title: t('audit.userAgent'),
      render: (e) =>
        e.userAgent ? (
          <Tooltip title={e.userAgent}>
            <span style={{ display: 'inline-block', maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}>
              {e.userAgent}
            </span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <FilterBar extra={<ExportButton path="/audit/logins" params={query} />} activeCount={[outcome, from, to].filter(Boolean).length}>
        <Input.Search
          key={`u-${username ?? ''}`}
          defaultValue={username}
          allowClear
          placeholder={t('audit.usernameFilter')}
          onSearch={(v) => list.update({ username: v.trim() })}
          style={{ width: 180 }}
          data-testid="login-username-filter"
        />
        <Select
          allowClear
          placeholder={t('audit.outcome')}
          value={isOutcome(outcome) ? outcome : undefined}
          onChange={(v: LoginOutcome | undefined) => list.update({ outcome: v })}
          options={LOGIN_OUTCOMES.map((o) => ({ value: o, label: enumLabel(LOGIN_OUTCOME_LABELS, o) }))}
          style={{ width: 160 }}
          data-testid="login-outcome-filter"
        />
        <DateRangeFilter from={from} to={to} onChange={(f, tt) => list.update({ from: f, to: tt })} />
      </FilterBar>
      {entries.isError ? <QueryError error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      <DataTable<LoginEntry>
        testId="logins-table"
        size="small"
        columns={columns}
        rows={entries.data?.items}
        rowKey={(e) => e.id}
        loading={entries.isFetching}
        cardTitle={(e) => formatTime(e.at)}
        paging={list.pagingFor(entries.data)}
      />
    </>
  );
}
