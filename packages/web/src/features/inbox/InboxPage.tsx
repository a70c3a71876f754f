// Every user's inbox: tasks and alerts filed by the daily jobs and the case workflow (contact
// a guardian today, a step due, a case escalated). A list of cards that reads the same on a
// phone and a desk: what, until when, a link to where the work is done, and "done".
import { Button, Card, Empty, Flex, Pagination, Segmented, Skeleton, Tag, Typography } from 'antd';
import { CheckOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { INBOX_KIND_LABELS, beijingTime, todayIso, type InboxItem, type InboxKind } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { useListParams } from '../../components/useListParams';
import { useInbox, useMarkDone, useMarkRead, type InboxState } from './inbox.api';

const STATES: InboxState[] = ['open', 'done', 'all'];

const KIND_COLORS: Record<InboxKind, string> = {
  contact_today: 'blue',
  absence_report: 'geekblue',
  case_opened: 'purple',
  step_due: 'gold',
  step_overdue: 'red',
  case_escalated: 'volcano',
  check_in_due: 'cyan',
  roster_change: 'green',
  transfer_pending: 'cyan',
  roll_call_missing: 'orange',
};

export default function InboxPage() {
  const { t } = useI18n();
  const params = useListParams(['state'] as const);
  const { update } = params;
  const state = (STATES as string[]).includes(params.filters.state ?? '')
    ? (params.filters.state as InboxState)
    : 'open';
  const inbox = useInbox({ state, page: params.page, pageSize: params.pageSize });
  const data = inbox.data;

  return (
    <>
      <PageTitle
        title={t('inbox.title')}
        subtitle={data ? t('common.total', { n: data.total }) : undefined}
        extra={
          <Segmented<InboxState>
            value={state}
            onChange={(v) => update({ state: v === 'open' ? undefined : v })}
            options={STATES.map((s) => ({ value: s, label: t(`inbox.state.${s}`) }))}
            data-testid="inbox-state"
          />
        }
      />
      {inbox.isError ? <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      {inbox.isPending ? <Skeleton active /> : null}
      {data && data.items.length === 0 ? (
        <Empty
          description={state === 'open' ? t('inbox.emptyOpen') : t('inbox.empty')}
          data-testid="inbox-empty"
        />
      ) : null}
      {data && data.items.length > 0 ? (
        <Flex vertical gap={12} data-testid="inbox-list">
          {data.items.map((item) => (
            <InboxCard key={item.id} item={item} />
          ))}
        </Flex>
      ) : null}
      {data && data.total > data.pageSize ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            current={data.page}
            pageSize={data.pageSize}
            total={data.total}
            size="small"
            showSizeChanger={false}
            onChange={(page) => update({ page })}
          />
        </Flex>
      ) : null}
    </>
  );
}

function InboxCard({ item }: { item: InboxItem }) {
  const { t, enumLabel } = useI18n();
  const markRead = useMarkRead();
  const markDone = useMarkDone();
  const overdue = !item.done && item.dueOn !== null && item.dueOn < todayIso();
  return (
    <Card
      size="small"
      data-testid={`inbox-item-${item.id}`}
      style={item.read || item.done ? undefined : { borderInlineStart: '3px solid #1677ff' }}
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Tag color={KIND_COLORS[item.kind]} style={{ marginInlineEnd: 0 }} data-testid="inbox-kind">
          {enumLabel(INBOX_KIND_LABELS, item.kind)}
        </Tag>
        {item.dueOn ? (
          <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {t('inbox.dueOn', { date: item.dueOn })}
          </Typography.Text>
        ) : null}
        {item.done ? <Tag color="green">{t('inbox.state.done')}</Tag> : null}
      </Flex>
      <Typography.Text strong={!item.read} style={{ display: 'block' }} data-testid="inbox-title">
        {item.title}
      </Typography.Text>
      {item.body ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} ellipsis={{ rows: 3 }}>
          {item.body}
        </Typography.Paragraph>
      ) : null}
      <Flex wrap gap={8} justify="space-between" align="center" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {beijingTime(item.createdAt)}
        </Typography.Text>
        <Flex gap={8}>
          {item.link ? (
            <Link
              to={item.link}
              onClick={() => (item.read ? undefined : markRead.mutate(item.id))}
              data-testid={`inbox-open-${item.id}`}
            >
              <Button size="middle" icon={<RightOutlined />} iconPlacement="end">
                {t('inbox.open')}
              </Button>
            </Link>
          ) : null}
          {item.done ? null : (
            <Button
              size="middle"
              type="primary"
              icon={<CheckOutlined />}
              loading={markDone.isPending && markDone.variables === item.id}
              onClick={() => markDone.mutate(item.id)}
              data-testid={`inbox-done-${item.id}`}
            >
              {t('inbox.markDone')}
            </Button>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
