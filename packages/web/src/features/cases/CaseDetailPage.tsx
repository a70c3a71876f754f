import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  List,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  EditOutlined,
  EyeOutlined,
  FileTextOutlined,
  PlusOutlined,
  PrinterOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  beijingTime,
  CASE_ACTION_LABELS,
  CASE_ENDING_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STEP_LABELS,
  CASE_TEAM_ROLE_LABELS,
  GENDER_LABELS,
  RETURN_PLACEMENT_LABELS,
  type CaseAction,
  type CaseActionKind,
  type CaseCheckIn,
  type CaseDetail,
} from '@baoxue/shared';
import { openFile } from '../../api/client';
import { useMe } from '../../api/session';
import { notifyError } from '../../components/feedback';
import { useI18n, type MessageKey } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { Tel } from '../../components/Tel';
import { QueryError } from '../../components/QueryError';
import { useIsMobile } from '../../components/useIsMobile';
import { ChainCard } from '../chiefs/ChainCard';
import { documentUrl, useCase, useRevealCaseIdentity } from './cases.api';
import { AlarmTags, CaseSteps, serverToday, StepTag, useReasonLabel, useSchoolClass } from './parts';
import {
  ActionForm,
  CheckInForm,
  CloseForm,
  PlacementForm,
  PlanForm,
  ReturnedForm,
  TeamForm,
  VerifyForm,
} from './CaseForms';

type Sheet =
  | { kind: 'action' | 'verify' | 'placement' | 'returned' | 'close' | 'plan' | 'team' }
  | { kind: 'checkIn'; checkIn: CaseCheckIn };

function caseId(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export default function CaseDetailPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = caseId(useParams().id);
  const detail = useCase(id);
  const isMobile = useIsMobile();
  const [sheet, setSheet] = useState<Sheet | null>(null);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} data-testid="case-back">
      {t('common.back')}
    </Button>
  );
  if (id === undefined) return <Empty description={t('cases.notFound')} />;
  if (detail.isPending) {
    return (
      <>
        <PageTitle title={t('cases.detail')} extra={back} />
        <Skeleton active />
      </>
    );
  }
  if (detail.isError) {
    return (
      <>
        <PageTitle title={t('cases.detail')} extra={back} />
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      </>
    );
  }
  const c = detail.data;
  const close = () => setSheet(null);
  const header = <HeaderCard c={c} />;
  const stepActions = c.canWork && c.step !== 'closed' ? <StepActions c={c} open={setSheet} /> : null;
  const checkIns = c.checkIns.length > 0 ? <CheckInsCard c={c} open={setSheet} /> : null;
  const actions = <ActionsCard c={c} open={setSheet} />;
  const chain = <ChainCard chain={c.chain} />;
  const plan = <PlanCard c={c} open={setSheet} />;
  const team = <TeamCard c={c} open={setSheet} />;
  const history = <HistoryCard c={c} />;

  return (
    <>
      <PageTitle
        title={t('cases.detailOf', { name: c.name })}
        extra={
          <>
            {back}
            <PrintButtons id={c.id} />
          </>
        }
      />
      {isMobile ? (
        // One column on a phone, in the order of the work: what to do now, whom to call.
        <Flex vertical gap={12}>
          {header}
          {stepActions}
          {checkIns}
          {team}
          {plan}
          {actions}
          {chain}
          {history}
        </Flex>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={15}>
            <Flex vertical gap={16}>
              {header}
              {stepActions}
              {checkIns}
              {actions}
              {chain}
            </Flex>
          </Col>
          <Col xs={24} lg={9}>
            <Flex vertical gap={16}>
              {plan}
              {team}
              {history}
            </Flex>
          </Col>
        </Row>
      )}
      {sheet?.kind === 'action' ? <ActionForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'verify' ? <VerifyForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'placement' ? <PlacementForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'returned' ? <ReturnedForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'close' ? <CloseForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'plan' ? <PlanForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'team' ? <TeamForm detail={c} onClose={close} /> : null}
      {sheet?.kind === 'checkIn' ? <CheckInForm detail={c} checkIn={sheet.checkIn} onClose={close} /> : null}
    </>
  );
}

function PrintButtons({ id }: { id: number }) {
  const { t } = useI18n();
  const open = (doc: 'notice' | 'summary') => () => void openFile(documentUrl(id, doc)).catch(notifyError);
  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={open('notice')} data-testid="case-print-notice">
        {t('cases.printNotice')}
      </Button>
      <Button icon={<FileTextOutlined />} onClick={open('summary')} data-testid="case-print-summary">
        {t('cases.printSummary')}
      </Button>
    </>
  );
}

function HeaderCard({ c }: { c: CaseDetail }) {
  const { t, enumLabel } = useI18n();
  const reasonLabel = useReasonLabel();
  const dash = (v: ReactNode) => v || '—';
  const schoolClass = useSchoolClass();
  return (
    <Card size="small" data-testid="case-header">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <StepTag step={c.step} />
        <AlarmTags c={c} />
        {c.reopenCount > 0 ? <Tag color="orange">{t('cases.reopened', { n: c.reopenCount })}</Tag> : null}
        {c.step !== 'closed' && c.stepDueOn ? (
          <Typography.Text type={c.overdue ? 'danger' : 'secondary'} data-testid="case-due">
            {t('cases.dueLine', { step: enumLabel(CASE_STEP_LABELS, c.step), date: c.stepDueOn })}
          </Typography.Text>
        ) : null}
      </Flex>
      <CaseSteps step={c.step} overdue={c.overdue} closedFrom={closedFrom(c)} />
      {c.step === 'closed' && c.ending ? (
        <Alert
          type={c.ending === 'returned' ? 'success' : 'info'}
          showIcon
          style={{ marginTop: 12 }}
          title={t('cases.closedWith', {
            ending: enumLabel(CASE_ENDING_LABELS, c.ending),
            date: c.closedOn ?? '',
          })}
          description={c.endingEvidence ?? undefined}
          data-testid="case-ending"
        />
      ) : null}
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('cases.idNumber')}>
          <IdNumber c={c} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.genderBirth')}>
          {[c.gender ? enumLabel(GENDER_LABELS, c.gender) : null, c.birthDate].filter(Boolean).join(' · ') ||
            '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.townVillage')}>
          {dash([c.townName, c.villageName].filter(Boolean).join(' · '))}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.schoolClass')}>{dash(schoolClass(c))}</Descriptions.Item>
        <Descriptions.Item label={t('cases.guardian')}>
          <Space wrap size={8}>
            {c.guardianName ?? '—'}
            <Tel phone={c.guardianPhone} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.source')}>
          <span>
            {enumLabel(CASE_SOURCE_LABELS, c.source)}
            {c.sourceNote ? <Typography.Text type="secondary"> · {c.sourceNote}</Typography.Text> : null}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.reason')}>
          <span>
            {dash(reasonLabel(c.reasonCode))}
            {c.reasonNote ? <Typography.Text type="secondary"> · {c.reasonNote}</Typography.Text> : null}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.openedOn')}>{c.openedOn}</Descriptions.Item>
        {c.placement ? (
          <Descriptions.Item label={t('cases.placement')}>
            {enumLabel(RETURN_PLACEMENT_LABELS, c.placement)}
            {c.returnSchoolName ? ` · ${c.returnSchoolName}` : ''}
          </Descriptions.Item>
        ) : null}
        {c.returnedOn ? (
          <Descriptions.Item label={t('cases.returnedOn')}>{c.returnedOn}</Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** The step an early ending left from; a case that ran its course (returned) passed them all. */
function closedFrom(c: CaseDetail): CaseDetail['step'] | null {
  if (c.step !== 'closed' || c.ending === 'returned') return null;
  const last = [...c.events].reverse().find((e) => e.toStep === 'closed' || e.kind === 'closed');
  return last?.fromStep ?? null;
}

/** Masked by default; the full number only on request, for users allowed to see it (audited). */
function IdNumber({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const me = useMe();
  const reveal = useRevealCaseIdentity();
  const full = reveal.data && reveal.variables === c.id ? reveal.data.idNumber : null;
  if (!c.idNumberMasked) return <>—</>;
  return (
    <Space wrap size={8}>
      {full ? (
        <Typography.Text copyable strong data-testid="case-id-full">
          {full}
        </Typography.Text>
      ) : (
        <Typography.Text code data-testid="case-id-masked">
          {c.idNumberMasked}
        </Typography.Text>
      )}
      {me.canViewFullId && !full ? (
        <Button
          size="small"
          icon={<EyeOutlined />}
          loading={reveal.isPending}
          onClick={() => reveal.mutate(c.id)}
          title={t('cases.revealHint')}
          data-testid="case-reveal-id"
        >
          {t('students.showFullId')}
        </Button>
      ) : null}
    </Space>
  );
}

/** The step's one main action, big on a phone, with "other ending" and "log work" beside it. */
function StepActions({ c, open }: { c: CaseDetail; open: (s: Sheet) => void }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  const main: Record<
    Exclude<CaseDetail['step'], 'closed' | 'observation'>,
    { label: MessageKey; sheet: Sheet; hint: MessageKey }
  > = {
    verification: { label: 'cases.verify', sheet: { kind: 'verify' }, hint: 'cases.hintVerification' },
    persuasion: { label: 'cases.persuade', sheet: { kind: 'placement' }, hint: 'cases.hintPersuasion' },
    return: { label: 'cases.returned', sheet: { kind: 'returned' }, hint: 'cases.hintReturn' },
  };
  const step = c.step === 'observation' || c.step === 'closed' ? null : main[c.step];
  return (
    <Card size="small" title={t('cases.nextStep')} data-testid="case-step-actions">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t(step ? step.hint : 'cases.hintObservation')}
      </Typography.Paragraph>
      <Flex gap={8} wrap vertical={isMobile}>
        {step ? (
          <Button
            type="primary"
            size={size}
            block={isMobile}
            icon={<CheckCircleOutlined />}
            onClick={() => open(step.sheet)}
            data-testid="case-advance"
          >
            {t(step.label)}
          </Button>
        ) : null}
        <Button
          size={size}
          block={isMobile}
          icon={<PlusOutlined />}
          onClick={() => open({ kind: 'action' })}
          data-testid="case-add-action"
        >
          {t('cases.addAction')}
        </Button>
        <Button
          size={size}
          block={isMobile}
          danger
          icon={<StopOutlined />}
          onClick={() => open({ kind: 'close' })}
          data-testid="case-close"
        >
          {t('cases.closeOther')}
        </Button>
      </Flex>
    </Card>
  );
}

/**
 * The observation check-ins of every round (a check-in that found the child out reopens
 * persuasion and a later return starts a new round). The next open one of the latest round
 * can be recorded.
 */
function CheckInsCard({ c, open }: { c: CaseDetail; open: (s: Sheet) => void }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const latest = Math.max(...c.checkIns.map((x) => x.round));
  const next =
    c.step === 'observation' && c.canWork
      ? c.checkIns.filter((x) => x.round === latest && !x.doneOn).sort((a, b) => a.seq - b.seq)[0]
      : undefined;
  const rows = [...c.checkIns].sort((a, b) => b.round - a.round || a.seq - b.seq);
  const today = serverToday();
  return (
    <Card size="small" title={t('cases.checkIns')} data-testid="case-checkins">
      <List<CaseCheckIn>
        size="small"
        dataSource={rows}
        renderItem={(x) => (
          <List.Item
            key={`${x.round}-${x.seq}`}
            data-testid={`case-checkin-row-${x.round}-${x.seq}`}
            actions={
              next && next.round === x.round && next.seq === x.seq
                ? [
                    <Button
                      key="do"
                      type={x.dueOn <= today ? 'primary' : 'default'}
                      size={isMobile ? 'large' : 'middle'}
                      onClick={() => open({ kind: 'checkIn', checkIn: x })}
                      data-testid={`case-checkin-${x.round}-${x.seq}`}
                    >
                      {t('cases.checkIn')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  {latest > 1 ? (
                    <Typography.Text type="secondary">{t('cases.round', { n: x.round })}</Typography.Text>
                  ) : null}
                  {t('cases.checkInN', { n: x.seq })}
                  <CheckInTag x={x} today={today} />
                </Space>
              }
              description={
                x.doneOn
                  ? [x.doneOn, x.note, x.by].filter(Boolean).join(' · ')
                  : t('cases.checkInDue', { date: x.dueOn })
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function CheckInTag({ x, today }: { x: CaseCheckIn; today: string }) {
  const { t } = useI18n();
  if (x.doneOn) {
    return x.inSchool ? (
      <Tag color="green">{t('cases.inSchoolYes')}</Tag>
    ) : (
      <Tag color="red">{t('cases.inSchoolNo')}</Tag>
    );
  }
  return x.dueOn < today ? <Tag color="red">{t('cases.overdue')}</Tag> : <Tag>{t('cases.pending')}</Tag>;
}

const ACTION_COLOR: Partial<Record<CaseActionKind, string>> = {
  legal_notice: 'orange',
  judicial_referral: 'red',
  check_in: 'green',
  home_visit: 'blue',
};

function ActionsCard({ c, open }: { c: CaseDetail; open: (s: Sheet) => void }) {
  const { t, enumLabel } = useI18n();
  const actions = [...c.actions].sort((a, b) => b.happenedOn.localeCompare(a.happenedOn) || b.id - a.id);
  return (
    <Card
      size="small"
      title={t('cases.actions')}
      extra={
        c.canWork && c.step === 'closed' ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => open({ kind: 'action' })}
            data-testid="case-add-action"
          >
            {t('cases.addAction')}
          </Button>
        ) : null
      }
      data-testid="case-actions"
    >
      {actions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noActions')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={actions.map((a) => ({
            key: a.id,
            color: ACTION_COLOR[a.kind] ?? 'gray',
            content: <ActionEntry a={a} label={enumLabel(CASE_ACTION_LABELS, a.kind)} />,
          }))}
        />
      )}
    </Card>
  );
}

function ActionEntry({ a, label }: { a: CaseAction; label: string }) {
  const { t } = useI18n();
  return (
    <div data-testid={`case-action-${a.id}`}>
      <Space wrap size={4}>
        <Typography.Text type="secondary">{a.happenedOn}</Typography.Text>
        <Typography.Text strong>{label}</Typography.Text>
        <StepTag step={a.step} />
      </Space>
      {a.participants ? (
        <div>
          {t('cases.participants')}：{a.participants}
        </div>
      ) : null}
      {a.result ? (
        <div>
          {t('cases.result')}：{a.result}
        </div>
      ) : null}
      {a.note ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {a.note}
        </Typography.Paragraph>
      ) : null}
      {a.by ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {a.by}
        </Typography.Text>
      ) : null}
    </div>
  );
}

function PlanCard({ c, open }: { c: CaseDetail; open: (s: Sheet) => void }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('cases.plan')}
      extra={
        c.canWork && c.step !== 'closed' ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => open({ kind: 'plan' })}
            data-testid="case-edit-plan"
          >
            {t('common.edit')}
          </Button>
        ) : null
      }
      data-testid="case-plan-card"
    >
      {c.plan ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.plan}</Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">{t('cases.noPlan')}</Typography.Text>
      )}
    </Card>
  );
}

function TeamCard({ c, open }: { c: CaseDetail; open: (s: Sheet) => void }) {
  const { t, enumLabel } = useI18n();
  return (
    <Card
      size="small"
      title={t('cases.team')}
      extra={
        c.canWork && c.step !== 'closed' ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => open({ kind: 'team' })}
            data-testid="case-edit-team"
          >
            {t('cases.editTeam')}
          </Button>
        ) : null
      }
      data-testid="case-team"
    >
      {c.team.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.noTeam')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={c.team}
          renderItem={(m) => (
            <List.Item key={`${m.role}-${m.name}`} style={{ paddingInline: 0 }}>
              <Flex justify="space-between" gap={8} wrap style={{ width: '100%' }}>
                <span>
                  <Typography.Text type="secondary">
                    {enumLabel(CASE_TEAM_ROLE_LABELS, m.role)}
                  </Typography.Text>{' '}
                  {m.name}
                </span>
                <Tel phone={m.phone} />
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

const EVENT_KINDS = [
  'opened',
  'step',
  'reopened',
  'escalated',
  'overdue',
  'closed',
  'team',
  'updated',
  'absence',
] as const;

function HistoryCard({ c }: { c: CaseDetail }) {
  const { t, enumLabel } = useI18n();
  if (c.events.length === 0) return null;
  const kindLabel = (kind: string) =>
    (EVENT_KINDS as readonly string[]).includes(kind)
      ? t(`cases.event.${kind as (typeof EVENT_KINDS)[number]}`)
      : kind;
  const events = [...c.events].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return (
    <Collapse
      size="small"
      data-testid="case-history"
      items={[
        {
          key: 'history',
          label: t('cases.history', { n: events.length }),
          children: (
            <Timeline
              items={events.map((e) => ({
                key: e.id,
                color: ['escalated', 'overdue', 'reopened', 'absence'].includes(e.kind) ? 'red' : 'gray',
                content: (
                  <>
                    <Typography.Text type="secondary">{beijingTime(e.at)} </Typography.Text>
                    <Typography.Text strong>{kindLabel(e.kind)}</Typography.Text>
                    {e.fromStep || e.toStep ? (
                      <Typography.Text type="secondary">
                        {' '}
                        {[e.fromStep, e.toStep]
                          .map((s) => (s ? enumLabel(CASE_STEP_LABELS, s) : ''))
                          .filter(Boolean)
                          .join(' → ')}
                      </Typography.Text>
                    ) : null}
                    {e.note ? <div>{e.note}</div> : null}
                    {e.by ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.by}
                      </Typography.Text>
                    ) : null}
                  </>
                ),
              }))}
            />
          ),
        },
      ]}
    />
  );
}
