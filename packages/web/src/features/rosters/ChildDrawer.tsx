import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { EditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import {
  DISABILITY_CATEGORY_LABELS,
  ENROLLMENT_STATUS_LABELS,
  EXEMPTION_TYPE_LABELS,
  GENDER_LABELS,
  STUDY_MODE_LABELS,
  VERIFICATION_METHOD_LABELS,
} from '@baoxue/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { guardianContact } from '../../components/Tel';
import { useIsMobile } from '../../components/useIsMobile';
import { ChildFlagTags, ChildStatusTag } from '../reconciliation/parts';
import { useChild } from './rosters.api';
import { EventTimeline } from '../students/EventTimeline';
import { can, useMe } from '../../api/session';
import { useCurrentSchoolYear } from '../reconciliation/parts';
import { HouseholdForm } from './HouseholdForm';
import { navItem } from '../../components/navigation';
import { StepTag } from '../cases/parts';
import { Link } from 'react-router';
import { RemovalForm } from './RemovalForm';

// 出生日期 or "Household no." broken over two lines on a phone reads badly beside its value:
// a label keeps to one line and the value takes the rest.
const LABELS_ON_ONE_LINE = { label: { whiteSpace: 'nowrap' } } as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {title}
      </Typography.Title>
      {children}
    </>
  );
}

/** A child in a run's list or ledger: the row on the roster, gone once an import replaced it. */
interface ListedChild {
  name: string;
  populationId: number | null;
}

/**
 * Opening the child page from a list of a run's children: the list's row props and name
 * cell, and the drawer to render beside the list.
 */
export function useChildPage() {
  const [openId, setOpenId] = useState<number | null>(null);
  return {
    drawer: openId !== null ? <ChildDrawer id={openId} onClose={() => setOpenId(null)} /> : null,
    rowProps: {
      onRowClick: (c: ListedChild) => setOpenId(c.populationId),
      rowClickable: (c: ListedChild) => c.populationId !== null,
    },
    name: (c: ListedChild) => (c.populationId !== null ? <a>{c.name}</a> : c.name),
  };
}

/** The child page: everything the registries know about one child of the population roster. */
export function ChildDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, enumLabel, classLabel } = useI18n();
  const isMobile = useIsMobile();
  const child = useChild(id);
  const c = child.data;
  const p = c?.population;
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('child.none')} />;
  const me = useMe();
  const currentYear = useCurrentSchoolYear();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  // The current year's roster is kept by hand; an earlier year's stays as it was.
  const editable = p !== undefined && can(me, 'population.edit') && p.schoolYear === currentYear;

  return (
    <Drawer open onClose={onClose} title={p ? p.name : t('child.title')} size={isMobile ? '100%' : 600} destroyOnHidden data-testid="child-drawer">
      {child.isPending ? <Skeleton active /> : null}
      {child.isError ? <QueryError error={child.error} onRetry={() => void child.refetch()} /> : null}
      {c && p ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {c.reconciliation ? <ChildStatusTag status={c.reconciliation.status} /> : null}
            {c.reconciliation ? <ChildFlagTags flags={c.reconciliation.flags} /> : null}
            {p.povertyRegistered ? <Tag color="volcano">{t('rosters.poverty')}</Tag> : null}
            {p.leftBehind ? <Tag color="purple">{t('rosters.leftBehind')}</Tag> : null}
            {/* Out of school: the case that is bringing the child back, one tap away. */}
            {c.openCase && navItem('cases').visible(me) ? (
              <Link to={`/cases/${c.openCase.id}`} data-testid="child-open-case">
                <Space size={4}>
                  {t('child.openCase', { id: c.openCase.id })}
                  <StepTag step={c.openCase.step} />
                </Space>
              </Link>
            ) : null}
          </Space>
          <Section title={t('child.population')}>
            <Descriptions column={1} size="small" bordered styles={LABELS_ON_ONE_LINE}>
              <Descriptions.Item label={t('monitoring.name')}>{p.name}</Descriptions.Item>
              <Descriptions.Item label={t('monitoring.gender')}>{enumLabel(GENDER_LABELS, p.gender)}</Descriptions.Item>
              <Descriptions.Item label={t('monitoring.idNumber')}>
                <span style={{ fontFamily: 'monospace' }}>{p.idNumberMasked}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('monitoring.birthDate')}>
                {p.birthDate} · {t('monitoring.age')} {p.age}
              </Descriptions.Item>
              <Descriptions.Item label={t('monitoring.village')}>{[p.townName, p.villageName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('monitoring.household')}>{p.householdNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('monitoring.guardian')}>
                {guardianContact(p.guardianName, p.guardianPhone, p.guardianRelation) || '—'}
              </Descriptions.Item>
              {p.disabilityCategory ? (
                <Descriptions.Item label={t('rosters.disability')}>
                  {enumLabel(DISABILITY_CATEGORY_LABELS, p.disabilityCategory)}
                  {p.disabilityLevel ? ` ${t('rosters.disabilityLevel', { n: p.disabilityLevel })}` : ''}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {editable ? (
              <Space wrap style={{ marginTop: 8 }}>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="household-edit">
                  {t('child.editHousehold')}
                </Button>
                <Button danger icon={<UserDeleteOutlined />} onClick={() => setRemoving(true)} data-testid="child-remove">
                  {t('child.remove')}
                </Button>
              </Space>
            ) : null}
            {editing ? <HouseholdForm child={p} onClose={() => setEditing(false)} /> : null}
            {removing ? (
              <RemovalForm
                child={p}
                enrolledAt={c.students.filter((s) => s.status === 'enrolled').map((s) => s.schoolName)}
                onClose={() => setRemoving(false)}
                onRemoved={onClose}
              />
            ) : null}
          </Section>
          <Section title={t('child.students')}>
            {c.students.length === 0
              ? none
              : c.students.map((s) => (
                  <Descriptions key={s.id} column={1} size="small" bordered styles={LABELS_ON_ONE_LINE} style={{ marginBottom: 8 }}>
                    <Descriptions.Item label={t('monitoring.school')}>{s.schoolName}</Descriptions.Item>
                    <Descriptions.Item label={t(s.className ? 'students.class' : 'monitoring.grade')}>
                      {classLabel(s.grade, s.className)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('students.status')}>
                      {enumLabel(ENROLLMENT_STATUS_LABELS, s.status)} · {enumLabel(STUDY_MODE_LABELS, s.studyMode)}
                    </Descriptions.Item>
                  </Descriptions>
                ))}
          </Section>
          <Section title={t('child.events')}>
            <EventTimeline events={c.events} />
          </Section>
          <Section title={t('child.outOfCounty')}>
            {c.outOfCounty.length === 0
              ? none
              : c.outOfCounty.map((o) => (
                  <Descriptions key={o.id} column={1} size="small" bordered styles={LABELS_ON_ONE_LINE} style={{ marginBottom: 8 }}>
                    <Descriptions.Item label={t('monitoring.schoolYear')}>{o.schoolYear}</Descriptions.Item>
                    <Descriptions.Item label={t('rosters.outOfCountySchool')}>{o.school}</Descriptions.Item>
                    <Descriptions.Item label={t('rosters.outOfCountyRegion')}>{o.region}</Descriptions.Item>
                    <Descriptions.Item label={t('rosters.verification')}>
                      {enumLabel(VERIFICATION_METHOD_LABELS, o.verification)} · {o.verifiedOn}
                    </Descriptions.Item>
                  </Descriptions>
                ))}
          </Section>
          <Section title={t('child.exemptions')}>
            {c.exemptions.length === 0
              ? none
              : c.exemptions.map((x) => (
                  <Descriptions key={x.id} column={1} size="small" bordered styles={LABELS_ON_ONE_LINE} style={{ marginBottom: 8 }}>
                    <Descriptions.Item label={t('monitoring.schoolYear')}>{x.schoolYear}</Descriptions.Item>
                    <Descriptions.Item label={t('common.status')}>{enumLabel(EXEMPTION_TYPE_LABELS, x.type)}</Descriptions.Item>
                    <Descriptions.Item label={t('child.reason')}>{x.reason}</Descriptions.Item>
                    <Descriptions.Item label={t('child.approvalNo')}>{x.approvalNo ?? '—'}</Descriptions.Item>
                  </Descriptions>
                ))}
          </Section>
        </>
      ) : null}
    </Drawer>
  );
}
