import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Pagination, Row, Space, Spin, Switch, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import {
  CANDIDATE_RULE_LABELS,
  ENROLLMENT_STATUS_LABELS,
  EXEMPTION_TYPE_LABELS,
  GENDER_LABELS,
  RECORD_SOURCE_LABELS,
  REVIEW_DECISION_LABELS,
  type ReviewCandidate,
  type ReviewDecisionKind,
  type ReviewItem,
} from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { FilterBar } from '../../components/FilterBar';
import { guardianContact } from '../../components/Tel';
import { notifySuccess } from '../../components/feedback';
import { useListParams } from '../../components/useListParams';
import { useDecide, useFinishedRuns, useReviewQueue, type ReviewFilters } from './reconciliation.api';
import { formatTime, positiveInt, RunSelect, TownSelect, VillageSelect } from './parts';
import { seesManyTowns } from '../cases/filters';

const FILTER_KEYS = ['runId', 'townCode', 'villageCode', 'all'] as const;

// 出生日期 broken over two lines on a phone reads badly beside the value it names.
const LABELS_ON_ONE_LINE = { label: { whiteSpace: 'nowrap' } } as const;

/** The needs_review children, each beside its candidate records, to confirm or reject. */
export default function ReviewPage() {
  const { t } = useI18n();
  const me = useMe();
  const list = useListParams(FILTER_KEYS, 10);
  const finished = useFinishedRuns();
  const { townCode, villageCode, all } = list.filters;
  const runId = positiveInt(list.filters.runId);
  const query: ReviewFilters = {
    runId,
    townCode,
    villageCode,
    pending: all ? undefined : 'true',
    page: list.page,
    pageSize: list.pageSize,
  };
  const queue = useReviewQueue(query);

  return (
    <>
      <PageTitle title={t('review.title')} subtitle={t('review.subtitle')} />
      <FilterBar activeCount={[townCode, villageCode, runId].filter(Boolean).length}>
        <Flex align="center" gap={8}>
          <Switch checked={!all} onChange={(on) => list.update({ all: on ? undefined : '1' })} data-testid="review-pending" />
          <span>{t('review.pendingOnly')}</span>
        </Flex>
        <RunSelect runs={finished.data} value={runId ?? finished.data?.[0]?.id} onChange={(v) => list.update({ runId: v })} />
        {seesManyTowns(me) ? <TownSelect value={townCode} onChange={(v) => list.update({ townCode: v, villageCode: undefined })} /> : null}
        <VillageSelect townCode={townCode} value={villageCode} onChange={(v) => list.update({ villageCode: v })} />
      </FilterBar>
      {queue.isError ? <QueryError error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      <Spin spinning={queue.isFetching}>
        <Flex vertical gap={12} data-testid="review-list">
          {queue.data && queue.data.items.length === 0 ? <Empty description={t('review.empty')} /> : null}
          {queue.data?.items.map((item) => <ReviewCard key={`${item.runId}-${item.childId}`} item={item} />)}
        </Flex>
      </Spin>
      {queue.data && queue.data.total > 0 ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            current={list.page}
            pageSize={list.pageSize}
            total={queue.data.total}
            showTotal={(n) => t('common.total', { n })}
            onChange={(page, pageSize) => list.update({ page, pageSize })}
            size="small"
          />
        </Flex>
      ) : null}
    </>
  );
}

function ReviewCard({ item }: { item: ReviewItem }) {
  const { t, enumLabel } = useI18n();
  const c = item.child;
  return (
    <Card size="small" data-testid="review-item" title={<Space wrap>{c.name}<Typography.Text type="secondary">{[c.townName, c.villageName].filter(Boolean).join(' · ')}</Typography.Text></Space>}>
      <Row gutter={[16, 12]}>
        <Col xs={24} md={10}>
          <Typography.Text strong>{t('review.child')}</Typography.Text>
          <Descriptions size="small" column={1} bordered styles={LABELS_ON_ONE_LINE} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('monitoring.name')}>{c.name}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.gender')}>{c.gender ? enumLabel(GENDER_LABELS, c.gender) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.birthDate')}>{c.birthDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.idNumber')}>
              <span style={{ fontFamily: 'monospace' }}>{c.idNumberMasked ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('monitoring.village')}>{c.villageName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.age')}>{c.age}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.guardian')}>{guardianContact(c.guardianName, c.guardianPhone) || '—'}</Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} md={14}>
          <Flex vertical gap={12}>
            {item.candidates.map((cand) => (
              <CandidateBlock key={cand.recordKey} item={item} candidate={cand} />
            ))}
          </Flex>
        </Col>
      </Row>
    </Card>
  );
}

function CandidateBlock({ item, candidate: k }: { item: ReviewItem; candidate: ReviewCandidate }) {
  const { t, lang, enumLabel, gradeLabel } = useI18n();
  const me = useMe();
  const decide = useDecide();
  const c = item.child;
  // A difference from the child's own value is what a reviewer has to look at.
  const differs = (a: string | null, b: string | null) => (a && b && a !== b ? { color: '#cf1322' } : undefined);
  const list = lang === 'en' ? ', ' : '、';
  const send = (decision: ReviewDecisionKind) =>
    decide.mutate(
      { runId: item.runId, childId: item.childId, recordKey: k.recordKey, decision },
      { onSuccess: () => notifySuccess(t(decision === 'confirmed' ? 'review.savedConfirm' : 'review.savedReject')) },
    );
  return (
    <div data-testid="review-candidate">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('review.candidate')}</Typography.Text>
        <Tag>{enumLabel(RECORD_SOURCE_LABELS, k.source)}</Tag>
        <Tag color="gold">{enumLabel(CANDIDATE_RULE_LABELS, k.rule)}</Tag>
      </Flex>
      <Descriptions size="small" column={1} bordered styles={LABELS_ON_ONE_LINE}>
        <Descriptions.Item label={t('monitoring.name')}>
          <span style={differs(c.name, k.name)}>{k.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('monitoring.gender')}>{k.gender ? enumLabel(GENDER_LABELS, k.gender) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('monitoring.birthDate')}>
          <span style={differs(c.birthDate, k.birthDate)}>{k.birthDate ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('monitoring.idNumber')}>
          <span style={{ fontFamily: 'monospace', ...differs(c.idNumberMasked, k.idNumberMasked) }}>{k.idNumberMasked}</span>
          {k.idDiffersAt.length > 0 ? (
            <div data-testid="review-id-differs">
              <Typography.Text type="danger">{t('review.idDiffersAt', { places: k.idDiffersAt.join(list) })}</Typography.Text>
              <div>
                <Typography.Text type="danger">
                  {t('review.idDiffersBy', { child: k.idDiffersBy.child.join(list), record: k.idDiffersBy.record.join(list) })}
                </Typography.Text>
              </div>
            </div>
          ) : null}
        </Descriptions.Item>
        {k.schoolName ? (
          <Descriptions.Item label={t('monitoring.school')}>
            {k.schoolName}
            {k.grade !== null ? ` · ${gradeLabel(k.grade)}` : ''}
            {k.enrollmentStatus ? ` · ${enumLabel(ENROLLMENT_STATUS_LABELS, k.enrollmentStatus)}` : ''}
          </Descriptions.Item>
        ) : null}
        {k.outOfCountySchool ? (
          <Descriptions.Item label={t('review.outOfCountySchool')}>{[k.outOfCountySchool, k.outOfCountyRegion].filter(Boolean).join(' · ')}</Descriptions.Item>
        ) : null}
        {k.exemptionType ? (
          <Descriptions.Item label={t('review.exemption')}>
            {enumLabel(EXEMPTION_TYPE_LABELS, k.exemptionType)}
            {k.exemptionYear !== null ? ` · ${k.exemptionYear}` : ''}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('review.rule')}>{enumLabel(CANDIDATE_RULE_LABELS, k.rule)}</Descriptions.Item>
      </Descriptions>
      {k.decision ? (
        <Alert
          style={{ marginTop: 8 }}
          type={k.decision === 'confirmed' ? 'success' : 'warning'}
          showIcon
          title={enumLabel(REVIEW_DECISION_LABELS, k.decision)}
          description={t('review.decided', { who: k.decidedBy ?? '—', time: formatTime(k.decidedAt) })}
          data-testid="review-decided"
        />
      ) : null}
      {can(me, 'reconciliation.review') ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Button
            type={k.decision === 'confirmed' ? 'default' : 'primary'}
            icon={<CheckOutlined />}
            loading={decide.isPending && decide.variables?.decision === 'confirmed'}
            disabled={decide.isPending || k.decision === 'confirmed'}
            onClick={() => send('confirmed')}
            data-testid="review-confirm"
          >
            {t('review.confirm')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            loading={decide.isPending && decide.variables?.decision === 'rejected'}
            disabled={decide.isPending || k.decision === 'rejected'}
            onClick={() => send('rejected')}
            data-testid="review-reject"
          >
            {t('review.reject')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
